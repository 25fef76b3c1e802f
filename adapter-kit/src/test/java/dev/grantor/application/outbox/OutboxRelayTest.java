package dev.grantor.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.application.LoggedWarnings;
import dev.grantor.application.background.Retention;
import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.memory.CountingMetrics;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final RecordingMailer mailer = new RecordingMailer();
    private final RecordingEventSink sink = new RecordingEventSink();
    private final CountingMetrics metrics = new CountingMetrics();
    private final BusinessId business = ContractFixtures.business().id();
    private RelayPolicy policy = RelayPolicy.defaults();

    private OutboxRelay relay() {
        return new OutboxRelay(store.outbox(), mailer, sink, metrics, clock, policy, new SplittableRandom(7));
    }

    /**
     * A mail server slower than the lease: another relay claims the emails meanwhile, so this relay's outcomes name a
     * claim that no longer holds them. Neither the late "sent" nor the late failure is written, and both are counted.
     */
    @Test
    void outcomes_that_come_after_another_relay_claimed_the_emails_again_change_nothing_and_are_counted() {
        var sent = appendEmail("KEY-TAKEN-LATE");
        var failed = appendEmail("KEY-REFUSED-LATE");
        var again = new java.util.concurrent.atomic.AtomicReference<List<OutboxMessage>>(List.empty());
        Mailer slow = emails -> {
            clock.advance(policy.lease());
            again.set(store.outbox().claimDue(clock.instant(), 10, policy.lease()));
            return List.ofAll(emails).map(email -> email.outboxId().equals(sent.id())
                    ? dev.grantor.application.port.out.SendOutcome.SENT
                    : new dev.grantor.application.port.out.SendOutcome.TemporaryFailure("421 try again later"));
        };
        var relay = new OutboxRelay(store.outbox(), slow, sink, metrics, clock, policy, new SplittableRandom(7));

        try (var warnings = LoggedWarnings.of(OutboxRelay.class)) {
            assertThat(relay.runOnce()).isEqualTo(2);

            assertThat(warnings.lines()).as("one warning a refused settlement, naming its message").satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).contains("outbox message " + sent.id() + " ").contains("its sent mark"),
                    line -> assertThat(line).contains("outbox message " + failed.id() + " ").contains("its failed attempt 1 changed nothing"));
        }
        assertThat(again.get()).hasSize(2);
        assertThat(List.of(sent, failed).map(m -> store.outbox().find(m.id()).get()))
                .as("as the other relay's claim left them")
                .containsExactlyElementsOf(List.of(sent, failed).map(m -> again.get().find(c -> c.id().equals(m.id())).get()));
        assertThat(metrics.superseded).containsEntry(Kind.EMAIL, 2);
        assertThat(metrics.sent).doesNotContainKey(Kind.EMAIL);
        assertThat(metrics.failed).doesNotContainKey(Kind.EMAIL);
    }

    @Nested
    class When_every_port_accepts {

        @Test
        void due_emails_and_events_are_handed_to_their_ports_and_marked_sent() {
            var email = appendEmail("ABCDE-FGHJK-MNPQR-STVWX-YZ012");
            var created = appendEvent("entitlement_grant.created");
            var delivered = appendEvent("entitlement_grant.delivered");

            assertThat(relay().runOnce()).isEqualTo(3);

            assertThat(mailer.sent()).singleElement().satisfies(sent -> {
                assertThat(sent.outboxId()).isEqualTo(email.id());
                assertThat(sent.key().value()).isEqualTo("ABCDE-FGHJK-MNPQR-STVWX-YZ012");
            });
            assertThat(sink.published()).extracting(e -> e.id()).containsExactly(created.id(), delivered.id());
            assertThat(sink.published().get(1).type()).isEqualTo("entitlement_grant.delivered");
            assertThat(sink.published().get(1).body()).isEqualTo(delivered.payload());
            assertThat(sink.published().get(1).businessId()).isEqualTo(business);
            assertThat(sink.published().get(1).occurredAt()).isEqualTo(delivered.createdAt());
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
            assertThat(metrics.sent).containsEntry(Kind.EMAIL, 1).containsEntry(Kind.EVENT, 2);
            assertThat(relay().runOnce()).isZero();
        }

        @Test
        void a_pass_marks_what_it_sent_in_one_write_not_one_per_message() {
            appendEmail("KEY-ONE");
            appendEvent("entitlement_grant.created");
            appendEvent("entitlement_grant.delivered");
            var outbox = new WriteCountingOutbox();

            assertThat(new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7)).runOnce()).isEqualTo(3);

            assertThat(outbox.singles).hasValue(0);
            assertThat(outbox.batches).singleElement().satisfies(ids -> assertThat(ids).hasSize(3));
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
            assertThat(metrics.sent).containsEntry(Kind.EMAIL, 1).containsEntry(Kind.EVENT, 2);
        }

        @Test
        void a_pass_claims_at_most_one_batch() {
            policy = policy.withBatchSize(4);
            for (int i = 0; i < 10; i++) {
                appendEvent("entitlement_grant.created");
            }
            var relay = relay();

            assertThat(List.of(relay.runOnce(), relay.runOnce(), relay.runOnce(), relay.runOnce())).containsExactly(4, 4, 2, 0);
            assertThat(sink.published()).hasSize(10);
        }

        @Test
        void a_pass_hands_its_emails_to_the_mailer_at_most_a_send_s_worth_at_a_time() {
            int emails = 2 * OutboxRelay.EMAILS_PER_SEND + 20;
            for (int i = 0; i < emails; i++) {
                appendEmail("KEY-" + i);
            }
            policy = policy.withBatchSize(emails + 5);

            assertThat(relay().runOnce()).isEqualTo(emails);

            assertThat(mailer.callSizes()).containsExactly(OutboxRelay.EMAILS_PER_SEND, OutboxRelay.EMAILS_PER_SEND, 20);
            assertThat(mailer.sent()).extracting(sent -> sent.key().value())
                    .containsExactlyElementsOf(IntStream.range(0, emails).mapToObj(i -> "KEY-" + i).toList());
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
        }
    }

    @Nested
    class When_the_mailer_fails_for_a_while {

        @Test
        void the_email_is_retried_with_delays_that_double_within_the_jitter_bounds() {
            var email = appendEmail("KEY-1");
            mailer.failTemporarily(5, "421 try again later");
            var relay = relay();

            var delays = new ArrayList<Duration>();
            for (int attempt = 1; attempt <= 5; attempt++) {
                var before = clock.instant();
                assertThat(relay.runOnce()).isEqualTo(1);
                var stored = store.outbox().find(email.id()).get();
                assertThat(stored.attempts()).isEqualTo(attempt);
                assertThat(stored.lastError()).contains("421 try again later");
                var delay = Duration.between(before, stored.nextAttemptAt());
                var nominal = Duration.ofSeconds(1L << (attempt - 1));
                assertThat(delay).isBetween(scaled(nominal, 0.8), scaled(nominal, 1.2));
                delays.add(delay);
                clock.advance(delay.minusMillis(1));
                assertThat(relay.runOnce()).as("not due before its time").isZero();
                clock.advance(Duration.ofMillis(1));
            }
            assertThat(relay.runOnce()).isEqualTo(1);

            assertThat(mailer.sent()).hasSize(1);
            assertThat(store.outbox().find(email.id()).get().status()).isEqualTo(Status.SENT);
            assertThat(delays.getLast()).isGreaterThan(delays.getFirst().multipliedBy(8));
            assertThat(metrics.failed).containsEntry(Kind.EMAIL, 5);
        }

        @Test
        void a_mailer_that_throws_counts_as_a_temporary_failure_of_every_email_of_the_batch() {
            var first = appendEmail("KEY-1");
            var second = appendEmail("KEY-2");
            mailer.throwOnNextCalls(1);

            relay().runOnce();

            assertThat(List.of(first, second).map(m -> store.outbox().find(m.id()).get())).allSatisfy(m -> {
                assertThat(m.status()).isEqualTo(Status.PENDING);
                assertThat(m.attempts()).isEqualTo(1);
                assertThat(m.lastError().get()).contains("mail server unreachable");
            });
        }

        @Test
        void a_mailer_that_throws_fails_only_the_emails_of_that_call() {
            var emails = new ArrayList<OutboxMessage>();
            for (int i = 0; i < OutboxRelay.EMAILS_PER_SEND + 3; i++) {
                emails.add(appendEmail("KEY-" + i));
            }
            mailer.throwOnNextCalls(1);

            assertThat(relay().runOnce()).isEqualTo(emails.size());

            var stored = emails.stream().map(m -> store.outbox().find(m.id()).get()).toList();
            assertThat(stored.subList(0, OutboxRelay.EMAILS_PER_SEND)).allSatisfy(m -> {
                assertThat(m.status()).isEqualTo(Status.PENDING);
                assertThat(m.attempts()).isEqualTo(1);
            });
            assertThat(stored.subList(OutboxRelay.EMAILS_PER_SEND, emails.size())).allMatch(m -> m.status() == Status.SENT);
            assertThat(mailer.sent()).extracting(sent -> sent.key().value()).containsExactly(
                    "KEY-" + OutboxRelay.EMAILS_PER_SEND, "KEY-" + (OutboxRelay.EMAILS_PER_SEND + 1), "KEY-" + (OutboxRelay.EMAILS_PER_SEND + 2));
        }

        @Test
        void a_pass_slowed_down_by_its_mailer_leaves_its_other_emails_leased_until_the_lease_ends() {
            int emails = OutboxRelay.EMAILS_PER_SEND + 5;
            for (int i = 0; i < emails; i++) {
                appendEmail("KEY-" + i);
            }
            Mailer slow = batch -> {
                clock.advance(policy.lease().dividedBy(2));
                return mailer.send(batch);
            };
            var relay = new OutboxRelay(store.outbox(), slow, sink, metrics, clock, policy, new SplittableRandom(7));

            assertThat(relay.runOnce()).isEqualTo(emails);
            assertThat(mailer.callSizes()).containsExactly(OutboxRelay.EMAILS_PER_SEND);
            assertThat(store.outboxMessages().filter(m -> m.status() == Status.PENDING)).hasSize(5)
                    .allSatisfy(m -> assertThat(m.attempts()).isZero());
            assertThat(relay.runOnce()).as("still leased").isZero();

            clock.advance(policy.lease());
            assertThat(relay.runOnce()).isEqualTo(5);
            assertThat(mailer.sent()).hasSize(emails);
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
        }

        @Test
        void an_error_that_quotes_the_key_is_stored_with_the_key_masked() {
            var email = appendEmail("SECRET-KEY-VALUE-123");
            mailer.failTemporarily(1, "rejected body containing SECRET-KEY-VALUE-123");

            relay().runOnce();

            var error = store.outbox().find(email.id()).get().lastError().get();
            assertThat(error).doesNotContain("SECRET-KEY-VALUE-123").contains("…-123");
        }
    }

    @Nested
    class When_delivery_keeps_failing {

        @Test
        void the_message_is_parked_with_its_last_error_after_the_attempt_limit() {
            policy = policy.withMaxAttempts(3);
            var email = appendEmail("KEY-1");
            mailer.failTemporarily(100, "421 mailbox busy");
            var relay = relay();

            for (int i = 0; i < 3; i++) {
                assertThat(relay.runOnce()).isEqualTo(1);
                clock.advance(Duration.ofHours(2));
            }

            var parked = store.outbox().find(email.id()).get();
            assertThat(parked.status()).isEqualTo(Status.PARKED);
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.lastError()).contains("421 mailbox busy");
            assertThat(relay.runOnce()).isZero();
            assertThat(metrics.parked).containsEntry(Kind.EMAIL, 1);
        }

        @Test
        void a_permanent_failure_parks_the_message_at_once() {
            var email = appendEmail("KEY-1");
            mailer.failPermanently("550 no such user");

            relay().runOnce();

            var parked = store.outbox().find(email.id()).get();
            assertThat(parked.status()).isEqualTo(Status.PARKED);
            assertThat(parked.attempts()).isEqualTo(1);
            assertThat(parked.lastError()).contains("550 no such user");
        }

        @Test
        void a_parked_message_is_listed_and_once_requeued_is_sent() {
            var email = appendEmail("KEY-1");
            mailer.failPermanently("550 no such user");
            var relay = relay();
            relay.runOnce();

            assertThat(store.outbox().list(Status.PARKED, new Page(0, 10)).map(OutboxMessage::id)).containsExactly(email.id());
            mailer.recover();
            assertThat(store.outbox().requeue(email.id(), clock.instant())).isTrue();
            assertThat(relay.runOnce()).isEqualTo(1);

            assertThat(mailer.sent()).extracting(DeliveryEmail::outboxId).containsExactly(email.id());
            assertThat(store.outbox().list(Status.PARKED, new Page(0, 10))).isEmpty();
        }

        @Test
        void an_email_payload_the_relay_cannot_read_is_parked_at_once_and_the_rest_of_the_batch_is_sent() {
            var unreadable = append(OutboxMessage.fresh(ContractFixtures.id("eml_"), business, Kind.EMAIL,
                    DeliveryEmailPayload.TOPIC, "{\"version\":99}", clock.instant()));
            var readable = appendEmail("KEY-1");

            relay().runOnce();

            assertThat(store.outbox().find(unreadable.id()).get().status()).isEqualTo(Status.PARKED);
            assertThat(store.outbox().find(readable.id()).get().status()).isEqualTo(Status.SENT);
        }

        @Test
        void a_failing_event_sink_reschedules_only_the_events_it_failed() {
            var first = appendEvent("entitlement_grant.created");
            var second = appendEvent("entitlement_grant.delivered");
            sink.throwOnNext(1);

            relay().runOnce();

            assertThat(store.outbox().find(first.id()).get().status()).isEqualTo(Status.PENDING);
            assertThat(store.outbox().find(first.id()).get().lastError().get()).contains("broker unreachable");
            assertThat(store.outbox().find(second.id()).get().status()).isEqualTo(Status.SENT);
            assertThat(sink.published()).extracting(e -> e.id()).containsExactly(second.id());
        }
    }

    @Nested
    class When_several_relays_share_the_outbox {

        @Test
        void no_message_is_sent_twice_when_two_relays_run_concurrently() throws Exception {
            policy = policy.withBatchSize(20);
            var appended = new ArrayList<OutboxMessage>();
            for (int i = 0; i < 600; i++) {
                appended.add(i % 3 == 0 ? appendEmail("KEY-" + i) : appendEvent("entitlement_grant.created"));
            }
            var go = new CountDownLatch(1);
            var passes = new AtomicInteger();
            var relays = List.of(relay(), relay()).map(relay -> Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                while (relay.runOnce() > 0) {
                    passes.incrementAndGet();
                }
            }));
            go.countDown();
            for (var thread : relays) {
                thread.join(Duration.ofSeconds(60));
            }

            var sentIds = mailer.sent().map(DeliveryEmail::outboxId).appendAll(sink.published().map(e -> e.id()));
            assertThat(sentIds).hasSize(600).doesNotHaveDuplicates();
            assertThat(sentIds).containsExactlyInAnyOrderElementsOf(appended.stream().map(OutboxMessage::id).toList());
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
            assertThat(passes.get()).isGreaterThanOrEqualTo(30);
        }
    }

    @Nested
    class When_running_in_the_background {

        @Test
        void it_sends_what_is_appended_and_stops_within_the_grace_period() throws Exception {
            policy = policy.withPollInterval(Duration.ofMillis(5));
            var relay = relay();
            relay.start();
            relay.start();
            try {
                appendEvent("entitlement_grant.created");
                appendEmail("KEY-1");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> sink.published().size() + mailer.sent().size() >= 2);
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }

            assertThat(sink.published()).hasSize(1);
            assertThat(mailer.sent()).hasSize(1);
            assertThat(relay.isRunning()).isFalse();
            assertThat(relay.stop(Duration.ofSeconds(1))).isTrue();
        }

        @Test
        void a_nudged_relay_sends_at_once_instead_of_at_its_next_poll() throws Exception {
            policy = policy.withPollInterval(Duration.ofHours(1));
            var relay = relay();
            appendEvent("entitlement_grant.created");
            relay.start();
            try {
                // the first pass sends what was there, then the relay sleeps for its hour
                awaitPublished(1, Duration.ofSeconds(10));
                appendEvent("entitlement_grant.delivered");
                relay.nudge();
                relay.nudge();

                awaitPublished(2, Duration.ofSeconds(2));
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(sink.published().map(e -> e.type())).containsExactly("entitlement_grant.created", "entitlement_grant.delivered");
        }

        @Test
        void nudging_a_relay_that_is_not_running_does_nothing() {
            var relay = relay();
            appendEvent("entitlement_grant.created");

            relay.nudge();

            assertThat(relay.isRunning()).isFalse();
            assertThat(sink.published()).isEmpty();
        }

        @Test
        void nudged_messages_gather_for_the_window_and_each_write_settles_the_last_pass_as_it_claims_the_next()
                throws Exception {
            policy = policy.withPollInterval(Duration.ofHours(1)).withBatchSize(10).withWindow(RelayPolicy.MAX_WINDOW);
            var outbox = new WriteCountingOutbox();
            var relay = new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7));
            relay.start();
            try {
                await("the first pass").atMost(Duration.ofSeconds(10)).until(() -> outbox.writes() >= 1);
                int before = outbox.writes();
                // ten units committed a few ms apart, each nudging as a use case does: without a window each is a pass
                // of its own, a claim and a mark, twenty writes
                for (int i = 0; i < 10; i++) {
                    appendEvent("entitlement_grant.created");
                    relay.nudge();
                    Thread.sleep(5);
                }
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> store.outboxMessages().forAll(m -> m.status() == Status.SENT)
                                && metrics.sent.getOrDefault(Kind.EVENT, 0) == 10);

                assertThat(sink.published()).hasSize(10);
                // one write claims the ten (a batch's worth of nudges ends the window), the next marks them and claims
                assertThat(outbox.writes() - before).isEqualTo(2);
                Thread.sleep(300);
                assertThat(outbox.writes() - before).as("an idle relay waits for its poll interval").isEqualTo(2);
                assertThat(outbox.combined.get()).isEqualTo(outbox.writes());
                assertThat(metrics.sent).containsEntry(Kind.EVENT, 10);
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
        }

        @Test
        void what_a_pass_sent_is_marked_within_about_a_window_and_not_at_the_next_poll() throws Exception {
            policy = policy.withPollInterval(Duration.ofHours(1)).withWindow(Duration.ofMillis(50));
            var relay = relay();
            relay.start();
            try {
                var email = appendEmail("KEY-LONE");
                relay.nudge();

                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                        .until(() -> store.outbox().find(email.id()).get().status() == Status.SENT);
                assertThat(mailer.sent()).singleElement().satisfies(sent -> assertThat(sent.outboxId()).isEqualTo(email.id()));
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
        }

        @Test
        void stopping_marks_what_the_last_pass_sent_before_it_returns() throws Exception {
            policy = policy.withPollInterval(Duration.ofHours(1)).withWindow(RelayPolicy.MAX_WINDOW);
            var relay = relay();
            relay.start();
            var messages = List.of(appendEvent("entitlement_grant.created"), appendEvent("entitlement_grant.delivered"));
            relay.nudge();
            relay.nudge();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> sink.published().size() == 2);

            // the pass after the sending one waits up to a second for company before it settles; stopping ends the wait
            assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();

            assertThat(messages.map(m -> store.outbox().find(m.id()).get().status())).containsOnly(Status.SENT);
            assertThat(sink.published()).hasSize(2);
            assertThat(metrics.sent).containsEntry(Kind.EVENT, 2);
        }

        @Test
        void a_window_of_zero_settles_every_pass_by_itself() throws Exception {
            policy = policy.withPollInterval(Duration.ofHours(1)).withWindow(Duration.ZERO);
            var outbox = new WriteCountingOutbox();
            var relay = new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7));
            relay.start();
            try {
                var event = appendEvent("entitlement_grant.created");
                relay.nudge();
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                        .until(() -> store.outbox().find(event.id()).get().status() == Status.SENT);
                assertThat(outbox.combined).hasValue(0);
                assertThat(outbox.batches).isNotEmpty();
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
        }

        private void awaitPublished(int count, Duration within) {
            await(count + " events published").atMost(within).pollInterval(Duration.ofMillis(5))
                    .until(() -> sink.published().size() >= count);
        }
    }

    @Nested
    class When_sent_messages_grow_old {

        @Test
        void the_running_relay_deletes_those_past_the_policy_a_chunk_at_a_time_and_never_a_pending_or_parked_one()
                throws Exception {
            policy = policy.withPollInterval(Duration.ofMillis(5)).withKeepSent(Option.some(Duration.ofDays(1)));
            for (int i = 0; i < 2 * Retention.CHUNK + 500; i++) {
                appendEvent("entitlement_grant.created");
            }
            var draining = relay();
            while (draining.runOnce() > 0) {
                // each pass sends a batch and marks it sent
            }
            var retrying = appendEvent("entitlement_grant.updated");
            store.outbox().reschedule(retrying.claim(), 1, clock.instant().plus(Duration.ofDays(3)), "timed out");
            var parked = appendEvent("entitlement_grant.failed");
            store.outbox().park(parked.claim(), 10, "refused", clock.instant());
            clock.advance(Duration.ofDays(1).plusSeconds(1));
            var recent = appendEvent("entitlement_grant.delivered");
            var outbox = new WriteCountingOutbox();
            var relay = new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7));
            relay.start();
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> outbox.purges.size() >= 3 && store.outbox().find(recent.id()).exists(
                                m -> m.status() == Status.SENT));
                Thread.sleep(200);
                assertThat(outbox.purges).as("full chunks go on at once, then the relay waits for the interval")
                        .containsExactly(Retention.CHUNK, Retention.CHUNK, 500);
                assertThat(store.outboxMessages().map(OutboxMessage::id))
                        .containsExactlyInAnyOrder(retrying.id(), parked.id(), recent.id());

                clock.advance(Retention.INTERVAL);
                relay.nudge();
                await().atMost(Duration.ofSeconds(10)).until(() -> outbox.purges.size() == 4);
                assertThat(outbox.purges.get(3)).as("the message sent a day ago is kept").isZero();
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
        }

        @Test
        void a_relay_told_to_keep_sent_messages_for_good_never_deletes_one() throws Exception {
            policy = policy.withPollInterval(Duration.ofMillis(5)).withKeepSent(Option.none());
            var old = appendEvent("entitlement_grant.created");
            relay().runOnce();
            clock.advance(RelayPolicy.MAX_KEEP_SENT.plusDays(1));
            var outbox = new WriteCountingOutbox();
            var relay = new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7));
            relay.start();
            try {
                appendEvent("entitlement_grant.delivered");
                relay.nudge();
                awaitPublished(2);
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }

            assertThat(outbox.purges).isEmpty();
            assertThat(store.outbox().find(old.id()).map(OutboxMessage::status)).contains(Status.SENT);
        }

        @Test
        void a_purge_that_fails_does_not_hold_back_sending_and_is_tried_again_after_the_interval() throws Exception {
            policy = policy.withPollInterval(Duration.ofMillis(5));
            var outbox = new WriteCountingOutbox();
            outbox.purgeFails = true;
            var relay = new OutboxRelay(outbox, mailer, sink, metrics, clock, policy, new SplittableRandom(7));
            relay.start();
            try {
                appendEvent("entitlement_grant.created");
                relay.nudge();
                awaitPublished(1);
                appendEvent("entitlement_grant.delivered");
                relay.nudge();
                awaitPublished(2);
                assertThat(outbox.purges).containsExactly(-1);

                outbox.purgeFails = false;
                clock.advance(Retention.INTERVAL);
                relay.nudge();
                await().atMost(Duration.ofSeconds(10)).until(() -> outbox.purges.size() == 2);
                assertThat(outbox.purges).containsExactly(-1, 0);
            } finally {
                assertThat(relay.stop(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(store.outboxMessages()).allMatch(m -> m.status() == Status.SENT);
        }

        private void awaitPublished(int count) {
            await(count + " events published").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> sink.published().size() >= count);
        }
    }

    @Test
    void jittered_delays_stay_within_the_jitter_and_below_the_maximum_delay() {
        var defaults = RelayPolicy.defaults();
        RandomGenerator random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 30; attempt++) {
            var nominal = defaults.nominalDelay(attempt);
            var seen = new java.util.HashSet<Duration>();
            for (int draw = 0; draw < 200; draw++) {
                var delay = defaults.delayAfter(attempt, random);
                assertThat(delay).isBetween(scaled(nominal, 0.8), min(scaled(nominal, 1.2), defaults.maxDelay()));
                seen.add(delay);
            }
            assertThat(seen).as("jitter spreads the delays").hasSizeGreaterThan(10);
        }
        assertThat(defaults.nominalDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.nominalDelay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(defaults.nominalDelay(13)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.nominalDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The store's outbox, counting the relay's writes (each method below but append is one unit of work). */
    private final class WriteCountingOutbox implements dev.grantor.application.port.out.Outbox {
        final AtomicInteger claims = new AtomicInteger();
        final AtomicInteger singles = new AtomicInteger();
        final java.util.List<List<dev.grantor.application.port.out.Claim>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger combined = new AtomicInteger();
        /** What each purge answered (-1: it threw); not counted among the writes of sending. */
        final java.util.List<Integer> purges = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean purgeFails;

        int writes() {
            return claims.get() + singles.get() + batches.size() + combined.get();
        }

        @Override public void append(List<OutboxMessage> messages) { store.outbox().append(messages); }
        @Override public List<OutboxMessage> claimDue(java.time.Instant now, int limit, Duration lease) {
            claims.incrementAndGet();
            return store.outbox().claimDue(now, limit, lease);
        }
        @Override public SentAndClaimed markSentAndClaimDue(List<dev.grantor.application.port.out.Claim> sent, java.time.Instant now,
                                                            int limit, Duration lease) {
            combined.incrementAndGet();
            var superseded = store.outbox().markSent(sent, now);
            return new SentAndClaimed(superseded, store.outbox().claimDue(now, limit, lease));
        }
        @Override public boolean markSent(dev.grantor.application.port.out.Claim claim, java.time.Instant at) {
            singles.incrementAndGet();
            return store.outbox().markSent(claim, at);
        }
        @Override public List<String> markSent(List<dev.grantor.application.port.out.Claim> claims, java.time.Instant at) {
            batches.add(claims);
            return store.outbox().markSent(claims, at);
        }
        @Override public boolean reschedule(dev.grantor.application.port.out.Claim claim, int attempts, java.time.Instant next, String error) {
            return store.outbox().reschedule(claim, attempts, next, error);
        }
        @Override public boolean park(dev.grantor.application.port.out.Claim claim, int attempts, String error, java.time.Instant at) {
            return store.outbox().park(claim, attempts, error, at);
        }
        @Override public boolean requeue(String id, java.time.Instant now) { return store.outbox().requeue(id, now); }
        @Override public BringForward bringForward(dev.grantor.domain.shared.BusinessId business, String id,
                java.time.Instant now) { return store.outbox().bringForward(business, id, now); }
        @Override public List<GrantEmail> emailsAbout(dev.grantor.domain.shared.BusinessId business,
                dev.grantor.domain.shared.GrantId grant, io.vavr.control.Option<dev.grantor.application.port.out.Before> before,
                int limit) {
            return store.outbox().emailsAbout(business, grant, before, limit);
        }
        @Override public int purgeSent(java.time.Instant createdBefore, int limit) {
            if (purgeFails) {
                purges.add(-1);
                throw new IllegalStateException("the database refused the delete");
            }
            int purged = store.outbox().purgeSent(createdBefore, limit);
            purges.add(purged);
            return purged;
        }
        @Override public Option<OutboxMessage> find(String id) { return store.outbox().find(id); }
        @Override public Option<OutboxMessage> hold(dev.grantor.domain.shared.BusinessId business, String id) {
            return store.outbox().hold(business, id);
        }
        @Override public List<OutboxMessage> list(Status status, Page page) { return store.outbox().list(status, page); }
        @Override public List<OutboxMessage> list(dev.grantor.domain.shared.BusinessId business, Status status, Page page) {
            return store.outbox().list(business, status, page);
        }
        @Override public Depth depth(java.time.Instant now) { return store.outbox().depth(now); }
    }

    private OutboxMessage appendEmail(String key) {
        var id = ContractFixtures.id("eml_");
        var email = new DeliveryEmail(id, new GrantId(ContractFixtures.id("entg_")), new EmailAddress("ada@example.com"),
                Option.some("Ada"), "Pro licence", new LicenseKeyValue(key), Option.some(3), Option.none(), Option.none());
        return append(OutboxMessage.fresh(id, business, Kind.EMAIL, DeliveryEmailPayload.TOPIC,
                DeliveryEmailPayload.encode(email), clock.instant()));
    }

    private OutboxMessage appendEvent(String type) {
        return append(OutboxMessage.fresh(ContractFixtures.id("evt_"), business, Kind.EVENT, type,
                "{\"type\":\"" + type + "\"}", clock.instant()));
    }

    /** Each message a millisecond after the previous one, so "oldest first" is the order of appending. */
    private OutboxMessage append(OutboxMessage message) {
        clock.advance(Duration.ofMillis(1));
        store.transactions().write(() -> {
            store.outbox().append(List.of(message));
            return Either.right(message);
        });
        return message;
    }

    private static Duration scaled(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
