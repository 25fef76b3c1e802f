package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does with the CLI beside a running service, on the embedded database. */
class OutboxCommandsTest {

    @TempDir
    Path dataDir;

    String[] options() {
        return new String[] {"--data-dir", dataDir.toString()};
    }

    @Nested
    class On_a_fresh_data_directory {

        @Test
        void migrate_creates_the_database_and_says_so() {
            var result = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"migrate"}, options()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.printed()).contains("is up to date");
            assertThat(dataDir.resolve(DatabaseSettings.EMBEDDED_FILE)).exists();
        }

        @Test
        void an_empty_outbox_lists_no_row_and_says_so_on_stderr() {
            assertThat(Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"migrate"}, options())).exitCode()).isZero();

            var result = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list"}, options()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).contains("grantor: no pending messages: the outbox is empty");
            var parked = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list", "--failed"}, options()));
            assertThat(parked.out()).isEmpty();
            assertThat(parked.err()).contains("grantor: no parked messages");
        }

        @Test
        void retrying_a_message_that_is_not_parked_is_one_line_and_a_failure_exit() {
            assertThat(Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"migrate"}, options())).exitCode()).isZero();
            CliErrorsTest.assertOneLineFailure(Cli.run(ManualFulfillmentEndToEndTest.concat(
                    new String[] {"outbox", "retry", "msg_0VcB8VEEW3zuJXXS5BH0H"}, options())), GrantorCli.FAILURE, "not a parked message");
        }
    }

    @Nested
    class When_the_mail_server_is_gone {

        @Test
        void the_parked_email_is_listed_as_failed_and_put_back_in_line_by_retry() {
            var database = DatabaseSettings.embedded(dataDir);
            String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
            // nothing listens on port 1, and one failed attempt parks a message
            var nowhere = new MailSettings(Option.some(SmtpSettings.of("127.0.0.1", 1, SmtpSettings.Security.NONE)), Sender.EMBEDDED_DEFAULT);
            var settings = ServiceSettings.local(database, nowhere)
                    .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY.withMaxAttempts(1));
            String grantId;
            try (var service = Service.start(settings)) {
                var api = new Http(service.url(), token);
                var entitlement = api.post("/entitlements", Map.of("name", "Parked", "integration_type", "license_key",
                        "integration_config", Map.of("fulfillment_mode", "manual")));
                var grant = api.post("/entitlements/" + entitlement.text("id") + "/grants", Map.of("customer", Map.of("email", "p@example.com")));
                grantId = grant.text("id");
                assertThat(api.post("/grants/" + grantId + "/license-key", Map.of("key", "PARKED-1")).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !Cli.run(ManualFulfillmentEndToEndTest.concat(
                        new String[] {"outbox", "list", "--failed"}, options())).out().isBlank());
            }

            var failed = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list", "--failed"}, options()));
            assertThat(failed.out().lines().toList()).singleElement().satisfies(row -> assertThat(row)
                    .contains("\tEMAIL\t").contains("\tPARKED\t").contains("cannot connect").doesNotContain("PARKED-1"));
            String messageId = failed.out().split("\t")[0];

            var retried = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "retry", messageId}, options()));
            assertThat(retried.exitCode()).as(retried.err()).isZero();
            assertThat(retried.printed()).isEqualTo(messageId);
            assertThat(Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list", "--failed"}, options())).out()).isEmpty();
            assertThat(Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list"}, options())).out())
                    .contains(messageId + "\tEMAIL\t");
        }
    }
}
