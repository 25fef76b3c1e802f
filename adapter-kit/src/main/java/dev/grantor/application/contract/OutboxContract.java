package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Outbox}: appends join the caller's unit of work; claiming, marking, rescheduling, parking and
 * requeueing are the relay's and are called here outside any unit, as the relay calls them.
 */
public abstract class OutboxContract extends PortContract {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void an_appended_message_comes_back_as_it_was_stored() {
        var business = insertedBusiness();
        var email = ContractFixtures.email(business, at(1));
        var event = ContractFixtures.event(business, at(1));

        appended(email, event);

        assertThat(store.outbox().find(email.id())).contains(email);
        assertThat(store.outbox().find(event.id())).contains(event);
    }

    /** The grant a message is about rides with it to the relay, which hands it to the webhooks' fan-out. */
    @Test
    void a_message_about_a_grant_comes_back_naming_it_from_a_find_and_a_claim() {
        var business = insertedBusiness();
        var grant = Option.some(new GrantId(ContractFixtures.id(GrantId.PREFIX)));
        var email = ContractFixtures.email(business, at(1)).about(grant);
        var event = ContractFixtures.event(business, at(1)).about(grant);
        var none = ContractFixtures.event(business, at(1));

        appended(email, event, none);

        assertThat(store.outbox().find(email.id()).map(OutboxMessage::grantId)).contains(grant);
        assertThat(store.outbox().claimDue(at(2), 10, LEASE).map(m -> m.id() + "=" + m.grantId().map(GrantId::value).getOrElse("")))
                .containsExactlyInAnyOrder(email.id() + "=" + grant.get().value(), event.id() + "=" + grant.get().value(),
                        none.id() + "=");
    }

    @Test
    void every_message_of_a_unit_comes_back_with_its_own_columns_and_in_its_order() {
        var business = insertedBusiness();
        var unit = ContractFixtures.id("msg_");
        // more than a SQL store puts in one statement; all created in one instant, so their ids alone order them
        var messages = List.range(0, 250).map(i -> new OutboxMessage(unit + String.format("_%03d", i), business,
                i % 3 == 0 ? Kind.EMAIL : Kind.EVENT, "topic." + i, "{\"n\":" + i + "}", at(1), i % 4, at(1 + i % 2),
                Status.PENDING, i % 2 == 0 ? Option.some("error " + i) : Option.none()));

        appended(messages.toJavaArray(OutboxMessage[]::new));

        for (OutboxMessage message : messages) {
            assertThat(store.outbox().find(message.id())).contains(message);
        }
        assertThat(store.outbox().claimDue(at(10), 1000, LEASE).map(OutboxMessage::id))
                .containsExactlyElementsOf(messages.map(OutboxMessage::id));
    }

    @Test
    void a_held_message_is_the_stored_one_and_only_its_business_s() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var email = ContractFixtures.email(business, at(1));
        appended(email);

        var held = store.transactions().write(() -> Either.right(List.of(store.outbox().hold(business, email.id()),
                store.outbox().hold(other, email.id())))).get();

        assertThat(held).containsExactly(store.outbox().find(email.id()), Option.none());
    }

    @Test
    void messages_appended_in_a_unit_that_rolls_back_are_gone() {
        var business = insertedBusiness();
        var event = ContractFixtures.event(business, at(1));

        store.transactions().write(() -> {
            store.outbox().append(List.of(event));
            return Either.left("rolled back");
        });

        assertThat(store.outbox().find(event.id())).isEmpty();
        assertThat(store.outbox().claimDue(at(100), 10, LEASE)).isEmpty();
    }

    @Test
    void a_claim_takes_due_pending_messages_oldest_first_up_to_the_limit() {
        var business = insertedBusiness();
        var messages = List.range(0, 5).map(i -> ContractFixtures.event(business, at(10 - i)));
        appended(messages.toJavaArray(OutboxMessage[]::new));

        var claimed = store.outbox().claimDue(at(10), 3, LEASE);

        assertThat(claimed.map(OutboxMessage::id)).containsExactlyElementsOf(
                messages.sorted(Comparator.comparing(OutboxMessage::createdAt)).take(3).map(OutboxMessage::id));
    }

    @Test
    void a_message_waiting_for_its_retry_does_not_hold_back_those_that_fell_due_before_its_retry_time() {
        var business = insertedBusiness();
        var retrying = ContractFixtures.event(business, at(1));
        var second = ContractFixtures.event(business, at(2));
        var third = ContractFixtures.event(business, at(3));
        appended(retrying, second, third);
        store.outbox().reschedule(held(retrying), 1, at(8), "endpoint down");

        assertThat(store.outbox().claimDue(at(10), 2, LEASE).map(OutboxMessage::id))
                .containsExactly(second.id(), third.id());
        assertThat(store.outbox().claimDue(at(10), 2, LEASE).map(OutboxMessage::id)).containsExactly(retrying.id());
    }

    @Test
    void a_message_not_yet_due_is_not_claimed() {
        var business = insertedBusiness();
        appended(ContractFixtures.event(business, at(10)));

        assertThat(store.outbox().claimDue(at(9), 10, LEASE)).isEmpty();
    }

    @Test
    void a_claimed_message_is_hidden_from_other_claims_until_its_lease_ends() {
        var business = insertedBusiness();
        var event = ContractFixtures.event(business, at(1));
        appended(event);

        assertThat(store.outbox().claimDue(at(1), 10, LEASE).map(OutboxMessage::id)).containsExactly(event.id());
        assertThat(store.outbox().claimDue(at(2), 10, LEASE)).isEmpty();
        assertThat(store.outbox().claimDue(at(1).plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
        assertThat(store.outbox().claimDue(at(1).plus(LEASE), 10, LEASE).map(OutboxMessage::id)).containsExactly(event.id());
    }

    @Test
    void a_sent_message_is_never_claimed_again() {
        var business = insertedBusiness();
        var event = ContractFixtures.event(business, at(1));
        appended(event);
        store.outbox().claimDue(at(1), 10, LEASE);

        store.outbox().markSent(held(event), at(2));

        assertThat(store.outbox().find(event.id()).get().status()).isEqualTo(Status.SENT);
        assertThat(store.outbox().claimDue(at(100_000), 10, LEASE)).isEmpty();
    }

    @Test
    void a_batch_marked_sent_marks_each_of_its_messages_and_no_other() {
        var business = insertedBusiness();
        var messages = List.range(0, 5).map(i -> ContractFixtures.event(business, at(1)));
        appended(messages.toJavaArray(OutboxMessage[]::new));
        store.outbox().claimDue(at(1), 10, LEASE);

        store.outbox().markSent(messages.take(3).map(this::held), at(2));
        store.outbox().markSent(List.empty(), at(2));

        assertThat(messages.map(m -> store.outbox().find(m.id()).get().status()))
                .containsExactly(Status.SENT, Status.SENT, Status.SENT, Status.PENDING, Status.PENDING);
        assertThat(store.outbox().claimDue(at(1).plus(LEASE), 10, LEASE).map(OutboxMessage::id))
                .containsExactlyInAnyOrderElementsOf(messages.drop(3).map(OutboxMessage::id));
    }

    @Test
    void a_batch_of_more_ids_than_a_database_takes_parameters_in_one_statement_is_marked_sent_whole() {
        var business = insertedBusiness();
        var first = ContractFixtures.event(business, at(1));
        var last = ContractFixtures.event(business, at(1));
        var untouched = ContractFixtures.event(business, at(1));
        appended(first, last, untouched);
        store.outbox().claimDue(at(1), 10, LEASE);

        var neverAppended = List.range(0, 69_998).map(i -> "msg_never_appended_" + i);
        store.outbox().markSent(neverAppended.map(id -> new Claim(id, at(1).plus(LEASE))).prepend(held(first)).append(held(last)), at(2));

        assertThat(List.of(first, last, untouched).map(m -> store.outbox().find(m.id()).get().status()))
                .containsExactly(Status.SENT, Status.SENT, Status.PENDING);
    }

    @Test
    void purging_deletes_sent_messages_created_before_the_cutoff_oldest_first_and_never_a_pending_or_parked_one() {
        var business = insertedBusiness();
        var oldest = ContractFixtures.email(business, at(1));
        var older = ContractFixtures.event(business, at(2));
        var atTheCutoff = ContractFixtures.event(business, at(5));
        var retrying = ContractFixtures.event(business, at(1));
        var parked = ContractFixtures.email(business, at(1));
        appended(atTheCutoff, older, retrying, oldest, parked);
        store.outbox().claimDue(at(5), 10, LEASE);
        store.outbox().markSent(List.of(held(older), held(atTheCutoff), held(oldest)), at(6));
        store.outbox().reschedule(held(retrying), 1, at(7), "timed out");
        store.outbox().park(held(parked), 10, "mailbox unavailable", at(6));

        assertThat(store.outbox().purgeSent(at(5), 0)).isZero();
        assertThat(store.outbox().purgeSent(at(5), 1)).isEqualTo(1);
        assertThat(store.outbox().find(oldest.id())).isEmpty();
        assertThat(store.outbox().find(older.id())).isNotEmpty();
        assertThat(store.outbox().purgeSent(at(5), 10)).isEqualTo(1);
        assertThat(store.outbox().purgeSent(at(5), 10)).isZero();

        assertThat(List.of(oldest, older, atTheCutoff, retrying, parked).map(m -> store.outbox().find(m.id()).map(
                OutboxMessage::status))).containsExactly(Option.none(), Option.none(), Option.some(Status.SENT),
                Option.some(Status.PENDING), Option.some(Status.PARKED));
        assertThat(store.outbox().claimDue(at(7), 10, LEASE).map(OutboxMessage::id)).containsExactly(retrying.id());
        assertThat(store.outbox().depth(at(7)).parked()).isEqualTo(1);
    }

    @Test
    void a_sign_in_secret_is_erased_in_the_write_that_marks_its_message_sent_and_no_other_payload_is() {
        var business = insertedBusiness();
        var alone = ContractFixtures.signInEmail(business, "K7MPQ2", at(1));
        var inBatch = ContractFixtures.signInEmail(business, "Z9XWV3", at(1));
        var settledByTheNextClaim = ContractFixtures.signInEmail(business, "P2QRS7", at(1));
        var delivery = ContractFixtures.email(business, at(1));
        var event = ContractFixtures.event(business, at(1));
        appended(alone, inBatch, settledByTheNextClaim, delivery, event);
        assertThat(store.outbox().claimDue(at(1), 10, LEASE).map(OutboxMessage::payload))
                .as("the relay reads the secret while the message waits").anyMatch(payload -> payload.contains("K7MPQ2"));

        store.outbox().markSent(held(alone), at(2));
        store.outbox().markSent(List.of(held(inBatch), held(delivery), held(event)), at(2));
        store.outbox().markSentAndClaimDue(List.of(held(settledByTheNextClaim)), at(2), 10, LEASE);

        assertThat(store.outbox().find(alone.id()).get().payload()).isEqualTo(Outbox.ERASED_PAYLOAD);
        assertThat(store.outbox().find(inBatch.id()).get().payload()).isEqualTo(Outbox.ERASED_PAYLOAD);
        assertThat(store.outbox().find(settledByTheNextClaim.id()).get().payload()).isEqualTo(Outbox.ERASED_PAYLOAD);
        assertThat(store.outbox().find(delivery.id()).get().payload()).isEqualTo(delivery.payload());
        assertThat(store.outbox().find(event.id()).get().payload()).isEqualTo(event.payload());
        assertThat(store.outbox().list(Status.SENT, new Page(0, 10)).map(OutboxMessage::payload))
                .noneMatch(payload -> payload.contains("K7MPQ2") || payload.contains("Z9XWV3") || payload.contains("P2QRS7"));
    }

    @Test
    void a_parked_sign_in_email_keeps_its_error_but_not_its_secret() {
        var business = insertedBusiness();
        var email = ContractFixtures.signInEmail(business, "H4JKL8", at(1));
        var rescheduled = ContractFixtures.signInEmail(business, "R5TYU6", at(1));
        appended(email, rescheduled);
        store.outbox().claimDue(at(1), 10, LEASE);

        store.outbox().park(held(email), 10, "550 mailbox unavailable", at(2));
        store.outbox().reschedule(held(rescheduled), 1, at(5), "connection refused");

        var parked = store.outbox().find(email.id()).get();
        assertThat(parked.status()).isEqualTo(Status.PARKED);
        assertThat(parked.lastError()).contains("550 mailbox unavailable");
        assertThat(parked.payload()).isEqualTo(Outbox.ERASED_PAYLOAD);
        assertThat(store.outbox().find(rescheduled.id()).get().payload()).as("a retry still needs it").contains("R5TYU6");
    }

    /**
     * An operator's retry of a parked sign-in email answered true, and the relay parked it again with a JSON parser's
     * complaint about the erased payload in place of the mailer's error.
     */
    @Test
    void a_parked_message_of_a_secret_topic_cannot_be_requeued_and_keeps_its_error() {
        var business = insertedBusiness();
        var email = ContractFixtures.signInEmail(business, "T3YUI9", at(1));
        appended(email);
        store.outbox().claimDue(at(1), 10, LEASE);
        store.outbox().park(held(email), 1, "550 no such user", at(2));

        assertThat(store.outbox().requeue(email.id(), at(3))).isFalse();

        assertThat(store.outbox().find(email.id()).get()).extracting(OutboxMessage::status, OutboxMessage::lastError)
                .containsExactly(Status.PARKED, Option.some("550 no such user"));
        assertThat(store.outbox().claimDue(at(100_000), 10, LEASE)).isEmpty();
    }

    /** Found by {@link OutboxModelContract}: the in-memory store sent a parked secret's erased payload again. */
    @Test
    void a_late_failure_or_park_by_a_relay_whose_lease_ended_leaves_what_another_relay_settled_as_it_is() {
        var business = insertedBusiness();
        var parked = ContractFixtures.signInEmail(business, "Q8WER4", at(1));
        var sent = ContractFixtures.event(business, at(1));
        appended(parked, sent);
        var first = store.outbox().claimDue(at(1), 10, LEASE);
        var afterTheLease = at(1).plus(LEASE);
        var second = store.outbox().claimDue(afterTheLease, 10, LEASE);
        assertThat(second).as("the other relay's claim").hasSize(2);
        assertThat(store.outbox().park(claimIn(second, parked), 1, "550 mailbox unavailable", afterTheLease)).isTrue();
        assertThat(store.outbox().markSent(claimIn(second, sent), afterTheLease)).isTrue();

        assertThat(store.outbox().reschedule(claimIn(first, parked), 1, afterTheLease.plusSeconds(1),
                "the first relay's connection timed out")).isFalse();
        assertThat(store.outbox().park(claimIn(first, sent), 1, "the first relay gave up", afterTheLease.plusSeconds(1))).isFalse();
        assertThat(store.outbox().markSent(claimIn(second, sent), afterTheLease.plusSeconds(1))).as("settled once").isFalse();

        assertThat(store.outbox().find(parked.id()).get()).extracting(OutboxMessage::status, OutboxMessage::payload,
                OutboxMessage::lastError).containsExactly(Status.PARKED, Outbox.ERASED_PAYLOAD, Option.some("550 mailbox unavailable"));
        assertThat(store.outbox().find(sent.id()).get().status()).isEqualTo(Status.SENT);
        assertThat(store.outbox().claimDue(at(100_000), 10, LEASE)).isEmpty();
    }

    /**
     * A relay whose attempt outlasted its lease (a slow mail server, a pause) settles after another relay claimed the
     * message again: its settlement names a claim that no longer holds the message and changes nothing, whatever it
     * says. The other relay's send settles the message: a late "sent" is not taken either, so that message goes out
     * twice, with its stable id (at least once, as ever).
     */
    @Test
    void a_late_settlement_after_another_relay_claimed_the_message_again_changes_nothing() {
        var business = insertedBusiness();
        var parkedLate = ContractFixtures.event(business, at(1));
        var rescheduledLate = ContractFixtures.event(business, at(1));
        var sentLate = ContractFixtures.event(business, at(1));
        appended(parkedLate, rescheduledLate, sentLate);
        var first = store.outbox().claimDue(at(1), 10, LEASE);
        var afterTheLease = at(1).plus(LEASE);
        var again = store.outbox().claimDue(afterTheLease, 10, LEASE);
        assertThat(again).as("the other relay's claim").hasSize(3);

        assertThat(store.outbox().park(claimIn(first, parkedLate), 5, "the first relay gave up", afterTheLease.plusSeconds(1)))
                .isFalse();
        assertThat(store.outbox().reschedule(claimIn(first, rescheduledLate), 1, afterTheLease.plusSeconds(6),
                "the first relay timed out")).isFalse();
        assertThat(store.outbox().markSent(List.of(claimIn(first, sentLate)), afterTheLease.plusSeconds(1)))
                .containsExactly(sentLate.id());
        assertThat(store.outbox().markSentAndClaimDue(List.of(claimIn(first, sentLate)), afterTheLease.plusSeconds(1), 0, LEASE)
                .superseded()).containsExactly(sentLate.id());

        assertThat(List.of(parkedLate, rescheduledLate, sentLate).map(m -> store.outbox().find(m.id()).get()))
                .as("each as the second claim left it").containsExactlyElementsOf(again.sortBy(m -> List.of(parkedLate,
                        rescheduledLate, sentLate).map(OutboxMessage::id).indexOf(m.id())));
        assertThat(store.outbox().claimDue(afterTheLease.plus(LEASE).minusMillis(1), 10, LEASE))
                .as("still held by the second claim").isEmpty();
    }

    @Test
    void marking_sent_and_claiming_in_one_call_marks_the_sent_and_claims_only_what_is_due() {
        var business = insertedBusiness();
        var messages = List.range(0, 5).map(i -> ContractFixtures.event(business, at(1)));
        appended(messages.toJavaArray(OutboxMessage[]::new));
        var first = store.outbox().claimDue(at(1), 3, LEASE);

        var second = store.outbox().markSentAndClaimDue(first.map(OutboxMessage::claim), at(2), 10, LEASE).claimed();

        assertThat(first.map(m -> store.outbox().find(m.id()).get().status())).containsOnly(Status.SENT);
        assertThat(second.map(OutboxMessage::id)).containsExactlyInAnyOrderElementsOf(
                messages.map(OutboxMessage::id).removeAll(first.map(OutboxMessage::id)));
        assertThat(store.outbox().claimDue(at(3), 10, LEASE)).as("the second batch is leased").isEmpty();

        assertThat(store.outbox().markSentAndClaimDue(second.map(OutboxMessage::claim), at(3), 0, LEASE))
                .isEqualTo(new Outbox.SentAndClaimed(List.empty(), List.empty()));
        assertThat(messages.map(m -> store.outbox().find(m.id()).get().status())).containsOnly(Status.SENT);
        assertThat(store.outbox().markSentAndClaimDue(List.empty(), at(100_000), 10, LEASE).claimed()).isEmpty();
    }

    @Test
    void a_rescheduled_message_keeps_its_attempts_and_error_and_is_due_again_at_the_time_given() {
        var business = insertedBusiness();
        var event = ContractFixtures.event(business, at(1));
        appended(event);
        store.outbox().claimDue(at(1), 10, LEASE);

        store.outbox().reschedule(held(event), 1, at(5), "connection refused");

        var stored = store.outbox().find(event.id()).get();
        assertThat(stored.status()).isEqualTo(Status.PENDING);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.nextAttemptAt()).isEqualTo(at(5));
        assertThat(stored.lastError()).contains("connection refused");
        assertThat(store.outbox().claimDue(at(4), 10, LEASE)).isEmpty();
        assertThat(store.outbox().claimDue(at(5), 10, LEASE).map(OutboxMessage::attempts)).containsExactly(1);
    }

    @Test
    void a_parked_message_keeps_its_last_error_is_listed_and_is_never_claimed_until_requeued() {
        var business = insertedBusiness();
        var email = ContractFixtures.email(business, at(1));
        appended(email);
        store.outbox().claimDue(at(1), 10, LEASE);

        store.outbox().park(held(email), 10, "550 mailbox unavailable", at(2));

        var parked = store.outbox().find(email.id()).get();
        assertThat(parked.status()).isEqualTo(Status.PARKED);
        assertThat(parked.attempts()).isEqualTo(10);
        assertThat(parked.lastError()).contains("550 mailbox unavailable");
        assertThat(store.outbox().list(Status.PARKED, new Page(0, 10)).map(OutboxMessage::id)).containsExactly(email.id());
        assertThat(store.outbox().claimDue(at(100_000), 10, LEASE)).isEmpty();

        assertThat(store.outbox().requeue(email.id(), at(50))).isTrue();

        var requeued = store.outbox().find(email.id()).get();
        assertThat(requeued.status()).isEqualTo(Status.PENDING);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.nextAttemptAt()).isEqualTo(at(50));
        assertThat(store.outbox().list(Status.PARKED, new Page(0, 10))).isEmpty();
        assertThat(store.outbox().claimDue(at(50), 10, LEASE).map(OutboxMessage::id)).containsExactly(email.id());
    }

    @Test
    void a_business_s_parked_messages_are_listed_whatever_other_businesses_have_parked_after_them() {
        var a = insertedBusiness();
        var b = insertedBusiness();
        var mine = ContractFixtures.email(a, at(1));
        appended(mine);
        var theirs = List.range(2, 6).map(second -> ContractFixtures.email(b, at(second)));
        theirs.forEach(this::appended);
        store.outbox().claimDue(at(10), 10, LEASE);
        theirs.prepend(mine).forEach(message -> store.outbox().park(held(message), 10, "550", at(11)));

        assertThat(store.outbox().list(a, Status.PARKED, new Page(0, 2)).map(OutboxMessage::id)).containsExactly(mine.id());
        assertThat(store.outbox().list(b, Status.PARKED, new Page(0, 2)).map(OutboxMessage::id))
                .containsExactly(theirs.get(3).id(), theirs.get(2).id());
        assertThat(store.outbox().list(b, Status.PARKED, new Page(1, 2)).map(OutboxMessage::id))
                .containsExactly(theirs.get(1).id(), theirs.get(0).id());
        assertThat(store.outbox().list(a, Status.PENDING, new Page(0, 2))).isEmpty();
    }

    @Test
    void only_a_parked_message_can_be_requeued() {
        var business = insertedBusiness();
        var pending = ContractFixtures.event(business, at(1));
        var sent = ContractFixtures.event(business, at(1));
        appended(pending, sent);
        store.outbox().markSent(held(sent), at(2));

        assertThat(store.outbox().requeue(pending.id(), at(3))).isFalse();
        assertThat(store.outbox().requeue(sent.id(), at(3))).isFalse();
        assertThat(store.outbox().requeue("evt_unknown", at(3))).isFalse();
        assertThat(store.outbox().find(sent.id()).get().status()).isEqualTo(Status.SENT);
    }

    @Test
    void bringing_forward_makes_a_message_waiting_for_its_retry_due_now_with_its_attempts_and_error() {
        var business = insertedBusiness();
        var email = ContractFixtures.email(business, at(1));
        appended(email);
        store.outbox().claimDue(at(1), 10, LEASE);
        assertThat(store.outbox().reschedule(held(email), 1, at(600), "421 try again later")).isTrue();
        assertThat(store.outbox().claimDue(at(10), 10, LEASE)).as("waiting for its retry").isEmpty();

        assertThat(store.outbox().bringForward(business, email.id(), at(10))).isEqualTo(Outbox.BringForward.BROUGHT_FORWARD);

        assertThat(store.outbox().find(email.id()).get()).extracting(OutboxMessage::status, OutboxMessage::nextAttemptAt,
                OutboxMessage::attempts, OutboxMessage::lastError).containsExactly(Status.PENDING, at(10), 1,
                Option.some("421 try again later"));
        assertThat(store.outbox().bringForward(business, email.id(), at(10))).as("twice").isEqualTo(Outbox.BringForward.ALREADY_DUE);
        var claimed = store.outbox().claimDue(at(10), 10, LEASE);
        assertThat(claimed.map(OutboxMessage::id)).containsExactly(email.id());
        assertThat(store.outbox().markSent(claimIn(claimed, email), at(11))).isTrue();
    }

    /**
     * A message a relay holds is being sent: bringing it forward would let a second relay send it too, so it is left
     * alone, and the holding relay's settlement still applies. Each answer names why nothing changed.
     */
    @Test
    void bringing_forward_leaves_a_held_due_settled_or_unknown_message_as_it_is_and_says_why() {
        var business = insertedBusiness();
        var held = ContractFixtures.email(business, at(1));
        var due = ContractFixtures.email(business, at(1));
        var sent = ContractFixtures.email(business, at(1));
        var parked = ContractFixtures.email(business, at(1));
        appended(held, sent, parked);
        store.outbox().markSent(held(sent), at(2));
        store.outbox().park(held(parked), 5, "550 no such user", at(2));
        var claim = store.outbox().claimDue(at(3), 10, LEASE);
        appended(due);
        var before = List.of(held, due, sent, parked).map(m -> store.outbox().find(m.id()).get());

        assertThat(store.outbox().bringForward(business, held.id(), at(4))).isEqualTo(Outbox.BringForward.BEING_SENT);
        assertThat(store.outbox().bringForward(business, held.id(), at(0)))
                .as("asked on a node whose clock is behind the relay's, before the time the message fell due")
                .isEqualTo(Outbox.BringForward.BEING_SENT);
        assertThat(store.outbox().bringForward(business, due.id(), at(4))).isEqualTo(Outbox.BringForward.ALREADY_DUE);
        assertThat(store.outbox().bringForward(business, sent.id(), at(4))).isEqualTo(Outbox.BringForward.SENT);
        assertThat(store.outbox().bringForward(business, parked.id(), at(4))).isEqualTo(Outbox.BringForward.PARKED);
        assertThat(store.outbox().bringForward(business, "msg_unknown", at(4))).isEqualTo(Outbox.BringForward.NOT_FOUND);

        assertThat(List.of(held, due, sent, parked).map(m -> store.outbox().find(m.id()).get())).containsExactlyElementsOf(before);
        assertThat(store.outbox().claimDue(at(4), 10, LEASE).map(OutboxMessage::id)).as("only the due one").containsExactly(due.id());
        assertThat(store.outbox().bringForward(business, held.id(), at(3).plus(LEASE)))
                .as("a lease that ran out is no hold: the message is due").isEqualTo(Outbox.BringForward.ALREADY_DUE);
        assertThat(store.outbox().markSent(claimIn(claim, held), at(5))).as("the holding relay's settlement").isTrue();
    }

    @Test
    void another_business_cannot_bring_a_message_forward_nor_learn_that_it_exists() {
        var owner = insertedBusiness();
        var other = insertedBusiness();
        var email = ContractFixtures.email(owner, at(1));
        appended(email);
        store.outbox().reschedule(held(email), 1, at(600), "421 try again later");
        var before = store.outbox().find(email.id()).get();

        assertThat(store.outbox().bringForward(other, email.id(), at(10))).isEqualTo(Outbox.BringForward.NOT_FOUND);

        assertThat(store.outbox().find(email.id())).contains(before);
        assertThat(store.outbox().claimDue(at(10), 10, LEASE)).isEmpty();
    }

    /**
     * Bringing forward moves the schedule as a reschedule does, so the settlement of a claim from before the backoff still
     * names a next attempt the message no longer has: a relay whose lease ran out, another relay that claimed the message
     * and failed, then the operator's send-now; the first relay's late answer changes nothing, and the claim that takes
     * the message after the send-now settles it with its own lease's end.
     */
    @Test
    void a_late_settlement_of_a_claim_from_before_the_backoff_stays_refused_once_the_message_is_brought_forward() {
        var business = insertedBusiness();
        var sentLate = ContractFixtures.email(business, at(1));
        var parkedLate = ContractFixtures.email(business, at(1));
        appended(sentLate, parkedLate);
        var first = store.outbox().claimDue(at(1), 10, LEASE);
        var afterTheLease = at(1).plus(LEASE);
        var second = store.outbox().claimDue(afterTheLease, 10, LEASE);
        for (var m : List.of(sentLate, parkedLate)) {
            assertThat(store.outbox().reschedule(claimIn(second, m), 1, afterTheLease.plusSeconds(600), "421 busy")).isTrue();
            assertThat(store.outbox().bringForward(business, m.id(), afterTheLease.plusSeconds(5)))
                    .isEqualTo(Outbox.BringForward.BROUGHT_FORWARD);
        }

        assertThat(store.outbox().markSent(claimIn(first, sentLate), afterTheLease.plusSeconds(6))).isFalse();
        assertThat(store.outbox().park(claimIn(first, parkedLate), 5, "the first relay gave up", afterTheLease.plusSeconds(6)))
                .isFalse();
        assertThat(store.outbox().reschedule(claimIn(second, parkedLate), 2, afterTheLease.plusSeconds(900), "settled twice"))
                .isFalse();
        assertThat(List.of(sentLate, parkedLate).map(m -> store.outbox().find(m.id()).get()))
                .extracting(OutboxMessage::status, OutboxMessage::nextAttemptAt, OutboxMessage::attempts)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(Status.PENDING, afterTheLease.plusSeconds(5), 1));

        var third = store.outbox().claimDue(afterTheLease.plusSeconds(7), 10, LEASE);
        assertThat(third).hasSize(2);
        assertThat(store.outbox().markSent(claimIn(first, sentLate), afterTheLease.plusSeconds(8))).as("still late").isFalse();
        assertThat(store.outbox().markSent(claimIn(third, sentLate), afterTheLease.plusSeconds(8))).isTrue();
        assertThat(store.outbox().park(claimIn(third, parkedLate), 2, "550 no such user", afterTheLease.plusSeconds(8))).isTrue();
    }

    @Test
    void lists_by_status_are_newest_first_and_paged() {
        var business = insertedBusiness();
        var messages = List.range(0, 12).map(i -> ContractFixtures.event(business, at(i % 3)));
        appended(messages.toJavaArray(OutboxMessage[]::new));
        var expected = messages.sorted(Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id).reversed())
                .map(OutboxMessage::id);

        var pages = List.range(0, 3).map(p -> store.outbox().list(Status.PENDING, new Page(p, 5)));

        assertThat(pages.map(List::size)).containsExactly(5, 5, 2);
        assertThat(pages.flatMap(p -> p).map(OutboxMessage::id)).containsExactlyElementsOf(expected);
        assertThat(store.outbox().list(Status.SENT, new Page(0, 5))).isEmpty();
    }

    @Test
    void depth_counts_pending_and_parked_messages_and_names_the_oldest_due() {
        var business = insertedBusiness();
        var oldest = ContractFixtures.event(business, at(1));
        var due = ContractFixtures.event(business, at(2));
        var later = ContractFixtures.event(business, at(30));
        var parked = ContractFixtures.email(business, at(0));
        var sent = ContractFixtures.event(business, at(0));
        appended(oldest, due, later, parked, sent);
        store.outbox().park(held(parked), 1, "bounced", at(3));
        store.outbox().markSent(held(sent), at(3));

        var depth = store.outbox().depth(at(10));

        assertThat(depth.pending()).isEqualTo(3);
        assertThat(depth.parked()).isEqualTo(1);
        assertThat(depth.oldestDueCreatedAt()).contains(at(1));
        assertThat(store.outbox().depth(at(0)).oldestDueCreatedAt()).isEmpty();
    }

    @Test
    void two_claimers_over_1000_messages_claim_each_exactly_once() {
        var business = insertedBusiness();
        var messages = List.range(0, 1000).map(i -> ContractFixtures.event(business, at(i % 50)));
        inUnit(() -> messages.grouped(100).forEach(store.outbox()::append));
        var claims = new ConcurrentHashMap<String, AtomicInteger>();

        race(2, n -> {
            while (true) {
                var batch = store.outbox().claimDue(at(100), 25, Duration.ofHours(1));
                if (batch.isEmpty()) {
                    return n;
                }
                batch.forEach(m -> claims.computeIfAbsent(m.id(), id -> new AtomicInteger()).incrementAndGet());
            }
        });

        assertThat(claims.keySet()).isEqualTo(new HashSet<>(messages.map(OutboxMessage::id).toJavaList()));
        assertThat(claims.values()).allMatch(count -> count.get() == 1);
    }

    /** The claim that holds the message now, as a relay holding it would name it. */
    private Claim held(OutboxMessage message) {
        return store.outbox().find(message.id()).get().claim();
    }

    /** The claim {@code claimed} made of {@code message}. */
    private static Claim claimIn(List<OutboxMessage> claimed, OutboxMessage message) {
        return claimed.find(m -> m.id().equals(message.id())).get().claim();
    }

    private void appended(OutboxMessage... messages) {
        inUnit(() -> store.outbox().append(List.of(messages)));
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
