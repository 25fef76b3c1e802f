package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.application.port.out.OutboxMessage;
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
    class When_a_mail_server_answers_with_a_tab {

        @Test
        void the_parked_message_is_still_one_row_of_eight_columns() {
            var database = DatabaseSettings.embedded(dataDir);
            var now = java.time.Instant.now();
            var message = When_sent_messages_are_older_than_the_service_keeps_them.event(
                    new dev.grantor.domain.shared.BusinessId("bus_0VcB8VEEW3zuJXXS5BH0H"), now);
            try (var deployment = Deployment.open(database)) {
                var outbox = deployment.storage().outbox();
                deployment.storage().transactions().write(() -> {
                    outbox.append(io.vavr.collection.List.of(message));
                    return io.vavr.control.Either.right(true);
                });
                outbox.park(message.claim(), 1, "550\tno such\u001buser\u2028in\u0085this domain", now);
            }

            var failed = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "list", "--failed"}, options()));
            assertThat(failed.exitCode()).as(failed.err()).isZero();
            assertThat(failed.out().lines().toList()).singleElement().satisfies(row -> assertThat(row.split("\t", -1))
                    .hasSize(8).startsWith(message.id()).endsWith("550 no such user in this domain"));
        }
    }

    @Nested
    class When_sent_messages_are_older_than_the_service_keeps_them {

        @Test
        void the_running_service_deletes_them_and_keeps_recent_parked_and_pending_ones() {
            var database = DatabaseSettings.embedded(dataDir);
            var now = java.time.Instant.now();
            var business = new dev.grantor.domain.shared.BusinessId("bus_0VcB8VEEW3zuJXXS5BH0H");
            var oldSent = event(business, now.minus(Duration.ofDays(31)));
            var recentSent = event(business, now.minus(Duration.ofDays(29)));
            var oldParked = event(business, now.minus(Duration.ofDays(40)));
            var oldWaiting = event(business, now.minus(Duration.ofDays(40)));
            try (var deployment = Deployment.open(database)) {
                var outbox = deployment.storage().outbox();
                deployment.storage().transactions().write(() -> {
                    outbox.append(io.vavr.collection.List.of(oldSent, recentSent, oldParked, oldWaiting));
                    return io.vavr.control.Either.right(true);
                });
                outbox.markSent(io.vavr.collection.List.of(oldSent.claim(), recentSent.claim()), now);
                outbox.park(oldParked.claim(), 10, "refused", now);
                outbox.reschedule(oldWaiting.claim(), 3, now.plus(Duration.ofDays(1)), "timed out");
            }

            try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()));
                 var reading = Deployment.open(database)) {
                assertThat(service.url()).isNotNull();
                var outbox = reading.storage().outbox();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> outbox.find(oldSent.id()).isEmpty());

                assertThat(outbox.find(recentSent.id()).map(m -> m.status())).contains(OutboxMessage.Status.SENT);
                assertThat(outbox.find(oldParked.id()).map(m -> m.status())).contains(OutboxMessage.Status.PARKED);
                assertThat(outbox.find(oldWaiting.id()).map(m -> m.status())).contains(OutboxMessage.Status.PENDING);
            }
        }

        static OutboxMessage event(dev.grantor.domain.shared.BusinessId business, java.time.Instant createdAt) {
            return OutboxMessage.fresh("evt_" + java.util.UUID.randomUUID().toString().replace("-", ""), business,
                    OutboxMessage.Kind.EVENT, "entitlement_grant.created", "{}", createdAt);
        }
    }

    @Nested
    class When_an_email_waits_for_its_retry {

        @Test
        void send_now_makes_it_due_and_prints_its_id_and_says_why_when_it_changes_nothing() {
            var database = DatabaseSettings.embedded(dataDir);
            var now = java.time.Instant.now();
            var business = new dev.grantor.domain.shared.BusinessId("bus_0VcB8VEEW3zuJXXS5BH0H");
            var waiting = email(business, now, now.plus(Duration.ofHours(1)));
            var held = email(business, now, now);
            var sent = email(business, now, now);
            var parked = email(business, now, now);
            try (var deployment = Deployment.open(database)) {
                var outbox = deployment.storage().outbox();
                deployment.storage().transactions().write(() -> {
                    outbox.append(io.vavr.collection.List.of(waiting, held, sent, parked));
                    return io.vavr.control.Either.right(true);
                });
                outbox.markSent(sent.claim(), now);
                outbox.park(parked.claim(), 1, "550 no such user", now);
                assertThat(outbox.claimDue(now, 1, Duration.ofHours(1)).map(OutboxMessage::id)).containsExactly(held.id());
            }

            var result = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "send-now", waiting.id()}, options()));

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.printed()).isEqualTo(waiting.id());
            try (var deployment = Deployment.open(database)) {
                assertThat(deployment.storage().outbox().find(waiting.id()).get()).extracting(OutboxMessage::attempts,
                        OutboxMessage::lastError).containsExactly(1, Option.some("421 try again later"));
                assertThat(deployment.storage().outbox().find(waiting.id()).get().nextAttemptAt()).isBefore(now.plusSeconds(60));
            }
            var again = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "send-now", waiting.id()}, options()));
            assertThat(again.exitCode()).isZero();
            assertThat(again.err()).contains("was due already");
            var beingSent = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"outbox", "send-now", held.id()}, options()));
            assertThat(beingSent.exitCode()).isZero();
            assertThat(beingSent.err()).contains("is being sent right now: left as it is");
            CliErrorsTest.assertOneLineFailure(Cli.run(ManualFulfillmentEndToEndTest.concat(
                    new String[] {"outbox", "send-now", sent.id()}, options())), GrantorCli.FAILURE, "was sent already");
            CliErrorsTest.assertOneLineFailure(Cli.run(ManualFulfillmentEndToEndTest.concat(
                    new String[] {"outbox", "send-now", parked.id()}, options())), GrantorCli.FAILURE, "grantor outbox retry");
            CliErrorsTest.assertOneLineFailure(Cli.run(ManualFulfillmentEndToEndTest.concat(
                    new String[] {"outbox", "send-now", "msg_0VcB8VEEW3zuJXXS5BH0X"}, options())), GrantorCli.FAILURE, "no outbox message");
        }

        /** An email tried once, due again at {@code nextAttemptAt}. */
        static OutboxMessage email(dev.grantor.domain.shared.BusinessId business, java.time.Instant createdAt,
                                   java.time.Instant nextAttemptAt) {
            return new OutboxMessage("msg_" + java.util.UUID.randomUUID().toString().replace("-", ""), business,
                    OutboxMessage.Kind.EMAIL, "email.license_key_delivery", "{}", createdAt, 1, nextAttemptAt,
                    OutboxMessage.Status.PENDING, Option.some("421 try again later"), Option.none());
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
