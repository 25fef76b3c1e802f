package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * An application with several beans of a port Grantor takes one of (event sinks, webhook senders, mail senders):
 * its {@code @Primary} one is used, and without one the start-up stops naming them. Taking none, as before, dropped
 * every event, sent no webhook and left customers' emails in the pickup directory, without a word.
 */
class AmbiguousHostBeansTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(),
                    "grantor.mail.pickup-directory=" + TestDatabases.temporaryDirectory("grantor-pickup"),
                    "grantor.relay.enabled=false", "grantor.webhooks.enabled=false");

    private static final WebhookSender ACCEPTING = request -> new WebhookSender.Outcome.Answered(200);

    @Test
    void two_event_sinks_without_a_primary_one_stop_the_start_up_naming_both() {
        contexts.withBean("audit", RecordingEventSink.class, RecordingEventSink::new)
                .withBean("broker", RecordingEventSink.class, RecordingEventSink::new)
                .run(context -> assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(NoUniqueBeanDefinitionException.class)
                        .rootCause().hasMessageContaining("audit").hasMessageContaining("broker"));
    }

    @Test
    void the_primary_event_sink_receives_the_events() {
        contexts.withBean("audit", RecordingEventSink.class, RecordingEventSink::new)
                .withBean("broker", RecordingEventSink.class, RecordingEventSink::new, definition -> definition.setPrimary(true))
                .run(context -> {
                    var grantor = context.getBean(Grantor.class);
                    issueAGrant(grantor);
                    while (grantor.relay().runOnce() > 0) {
                        // until the outbox is empty
                    }
                    assertThat(context.getBean("broker", RecordingEventSink.class).types()).contains("entitlement_grant.created");
                    assertThat(context.getBean("audit", RecordingEventSink.class).attempts()).isZero();
                });
    }

    @Test
    void two_webhook_senders_without_a_primary_one_stop_the_start_up_and_a_primary_one_dispatches() {
        contexts.withBean("first", WebhookSender.class, () -> ACCEPTING).withBean("second", WebhookSender.class, () -> ACCEPTING)
                .run(context -> assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(NoUniqueBeanDefinitionException.class)
                        .rootCause().hasMessageContaining("first").hasMessageContaining("second"));
        contexts.withBean("first", WebhookSender.class, () -> ACCEPTING)
                .withBean("second", WebhookSender.class, () -> ACCEPTING, definition -> definition.setPrimary(true))
                .run(context -> assertThat(context.getBean(Grantor.class).dispatcher().isDefined()).isTrue());
    }

    @Test
    void two_mail_senders_without_a_primary_one_stop_the_start_up_and_a_primary_one_sends() {
        contexts.withBean("m1", JavaMailSenderImpl.class, JavaMailSenderImpl::new).withBean("m2", JavaMailSenderImpl.class, JavaMailSenderImpl::new)
                .run(context -> assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(NoUniqueBeanDefinitionException.class)
                        .rootCause().hasMessageContaining("m1").hasMessageContaining("m2"));
        contexts.withBean("m1", JavaMailSenderImpl.class, JavaMailSenderImpl::new)
                .withBean("m2", JavaMailSenderImpl.class, JavaMailSenderImpl::new, definition -> definition.setPrimary(true))
                .withPropertyValues("grantor.mail.from=Acme <keys@acme.example>")
                .run(context -> assertThat(context.getBean(Mailer.class)).isInstanceOf(JavaMailSenderMailer.class));
    }

    private static void issueAGrant(Grantor grantor) {
        var business = grantor.access().createBusiness("Acme").get().id();
        var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Acme Pro",
                LicenseKeyConfig.manual().withActivationsLimit(3), null, null)).get();
        grantor.issuing().issue(business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), "pay_1", null, null)).get();
    }
}
