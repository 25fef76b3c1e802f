package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.out.Mailer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration contributes, and when it stays out of the way. */
class AutoConfigurationConditionsTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(),
                    "grantor.mail.pickup-directory=" + TestDatabases.temporaryDirectory("grantor-pickup"));

    @Test
    void grantor_enabled_false_leaves_no_grantor_bean() {
        contexts.withPropertyValues("grantor.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Grantor.class);
            assertThat(context).doesNotHaveBean(JdbcStorage.class);
            assertThat(context).doesNotHaveBean(Mailer.class);
            assertThat(context).doesNotHaveBean(GrantorWorkers.class);
            assertThat(java.util.Arrays.stream(context.getBeanDefinitionNames()).map(context::getType)
                    .filter(type -> type != null && type.getName().startsWith("dev.grantor."))).as("any bean of Grantor's").isEmpty();
        });
    }

    /** Before, it started and failed later, on the health check and the relay's every pass: "no such table: outbox". */
    @Test
    void with_migrations_off_a_schema_that_lacks_them_is_refused_at_start_up_and_a_current_one_starts() {
        var url = TestDatabases.sqliteUrl();
        contexts.withPropertyValues("spring.datasource.url=" + url, "grantor.database.migrate=false").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("lacks its migrations [1, 2,")
                        .hasMessageContaining("grantor.database.migrate=false"));
        contexts.withPropertyValues("spring.datasource.url=" + url).run(context -> assertThat(context).hasNotFailed());
        contexts.withPropertyValues("spring.datasource.url=" + url, "grantor.database.migrate=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(GrantorHealthIndicator.class).health().getStatus().getCode()).isEqualTo("UP");
        });
    }

    @Test
    void without_a_mail_sender_emails_go_to_the_pickup_directory() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(Grantor.class);
            assertThat(context.getBean(Mailer.class)).isInstanceOf(PickupDirectoryMailer.class);
            assertThat(context).doesNotHaveBean(GrantorWebServer.class);
        });
    }

    @Test
    void an_application_grantor_bean_replaces_the_default() {
        contexts.withBean("myGrantor", Grantor.class, () -> Grantor.builder()
                        .storage(new dev.grantor.application.memory.InMemoryStore())
                        .mailer(new dev.grantor.application.memory.RecordingMailer())
                        .eventSink(new dev.grantor.application.memory.RecordingEventSink()).build())
                .run(context -> assertThat(context).getBean(Grantor.class).isSameAs(context.getBean("myGrantor")));
    }

    @Test
    void customizers_adjust_the_engine_before_it_is_built() {
        var fixed = java.time.Instant.parse("2030-01-02T03:04:05Z");
        contexts.withBean(GrantorCustomizer.class, () -> builder -> builder.clock(() -> fixed))
                .run(context -> assertThat(context.getBean(Grantor.class).clock().instant()).isEqualTo(fixed));
    }

    @Test
    void the_api_key_cache_ttl_bounds_how_long_a_key_revoked_elsewhere_keeps_working() {
        for (var ttl : new String[] {"1m", "0"}) {
            contexts.withPropertyValues("grantor.api-key-cache-ttl=" + ttl).run(context -> {
                var grantor = context.getBean(Grantor.class);
                var storage = context.getBean(JdbcStorage.class);
                var business = grantor.access().createBusiness("Acme").get().id();
                var key = grantor.access().createApiKey(business, false).get();
                assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();

                // as another node or the command line would: straight in the database, past this engine
                storage.transactions().write(() -> io.vavr.control.Either.right(
                        storage.apiKeys().revoke(business, key.id(), java.time.Instant.now())));

                assertThat(grantor.access().authenticate(key.token()).isRight())
                        .as("grantor.api-key-cache-ttl=" + ttl + ": still served from memory").isEqualTo(!ttl.equals("0"));
            });
        }
    }
}
