package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.application.Grantor;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * email.md: every deployment sets the sender. An application whose mail server Grantor relays through
 * ({@code spring.mail.*}, or a {@code JavaMailSender} bean of its own) and that sets no {@code grantor.mail.from} is
 * stopped at start-up naming the property; before, every key email went out from {@code no-reply@localhost}, which
 * relays refuse and filters drop. Without a mail server (the pickup directory) or with a {@code Mailer} of its own,
 * the application starts as it did.
 */
class MailSenderRequiredTest {

    private final Path pickup = TestDatabases.temporaryDirectory("grantor-pickup");

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, MailSenderAutoConfiguration.class,
                    GrantorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(), "grantor.mail.pickup-directory=" + pickup,
                    "grantor.relay.enabled=false", "grantor.webhooks.enabled=false");

    @Test
    void spring_mail_without_a_grantor_sender_stops_the_start_up_naming_the_property() {
        contexts.withPropertyValues("spring.mail.host=127.0.0.1").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("grantor.mail.from is not set")
                        .hasMessageContaining("JavaMailSender (spring.mail.*)")
                        .hasMessageContaining("GRANTOR_MAIL_FROM"));
        contexts.withPropertyValues("spring.mail.host=127.0.0.1", "grantor.mail.from=Shop <keys@shop.example>").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Mailer.class)).isInstanceOf(JavaMailSenderMailer.class);
        });
    }

    @Test
    void a_mail_sender_bean_of_the_application_without_a_grantor_sender_stops_the_start_up() {
        contexts.withBean("shopMail", JavaMailSenderImpl.class, JavaMailSenderImpl::new).run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("grantor.mail.from is not set"));
    }

    @Test
    void without_a_mail_server_emails_go_to_the_pickup_directory_from_the_default_sender() throws Exception {
        contexts.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Mailer.class)).isInstanceOf(PickupDirectoryMailer.class);
            var grantor = context.getBean(Grantor.class);
            String grantId = deliveredGrant(grantor);
            grantor.relay().runOnce();
            assertThat(Files.readString(pickup.resolve(grantId + ".eml"))).containsPattern("(?m)^From: Grantor <no-reply@localhost>");
        });
    }

    @Test
    void a_mailer_of_the_application_needs_no_grantor_sender() {
        contexts.withPropertyValues("spring.mail.host=127.0.0.1")
                .withBean("shopMailer", RecordingMailer.class, RecordingMailer::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Mailer.class)).isInstanceOf(RecordingMailer.class);
                });
    }

    private static String deliveredGrant(Grantor grantor) {
        var business = grantor.access().createBusiness("Shop").get().id();
        var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Shop Pro", LicenseKeyConfig.manual(),
                null, null)).get().id().value();
        String grantId = grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, "dan@example.com", null), "pay_1", null, null)).get().grant().grant().id().value();
        grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("SHOP-KEY-1", null, null)).get();
        return grantId;
    }
}
