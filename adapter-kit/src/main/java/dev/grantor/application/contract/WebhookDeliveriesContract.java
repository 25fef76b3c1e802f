package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.WebhookDeliveries.Backlog;
import dev.grantor.application.port.out.WebhookDeliveries.DeliveredAndClaimed;
import dev.grantor.application.port.out.WebhookDeliveries.Delivered;
import dev.grantor.application.port.out.WebhookDeliveries.Shares;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code WebhookDeliveries}: recording joins the caller's unit and is idempotent per id; claiming, settling
 * and requeueing are the dispatcher's and are called here outside any unit, as the dispatcher calls them.
 */
public abstract class WebhookDeliveriesContract extends WebhookContract {

    private static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void a_recorded_delivery_comes_back_as_it_was_stored_and_only_to_its_business() {
        var endpoint = endpoint();
        var delivery = WebhookFixtures.delivery(endpoint, at(1));

        recorded(delivery);

        assertThat(store.webhookDeliveries().find(endpoint.businessId(), delivery.id())).contains(delivery);
        assertThat(store.webhookDeliveries().find(WebhookFixtures.business(), delivery.id())).isEmpty();
    }

    @Test
    void a_held_delivery_is_the_stored_one_and_only_its_business_s() {
        var endpoint = endpoint();
        var delivery = WebhookFixtures.delivery(endpoint, at(1));
        recorded(delivery);

        var held = store.transactions().write(() -> Either.right(List.of(store.webhookDeliveries().hold(endpoint.businessId(),
                delivery.id()), store.webhookDeliveries().hold(WebhookFixtures.business(), delivery.id())))).get();

        assertThat(held).containsExactly(Option.some(delivery), Option.none());
    }

    @Test
    void recording_a_delivery_again_leaves_the_stored_one_as_it_is() {
        var endpoint = endpoint();
        var delivery = WebhookFixtures.delivery(endpoint, at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);
        store.webhookDeliveries().markDelivered(held(delivery), 1, 204, at(2));

        recorded(delivery);

        assertThat(store.webhookDeliveries().find(endpoint.businessId(), delivery.id()).get().status()).isEqualTo(Status.DELIVERED);
    }

    @Test
    void a_claim_takes_due_pending_deliveries_earliest_first_up_to_the_limit() {
        var endpoint = endpoint();
        var deliveries = List.range(0, 5).map(i -> WebhookFixtures.delivery(endpoint, at(10 - i)));
        recorded(deliveries.toJavaArray(WebhookDelivery[]::new));

        var claimed = store.webhookDeliveries().claimDue(at(10), 3, LEASE);

        assertThat(claimed.map(WebhookDelivery::id)).containsExactlyElementsOf(
                deliveries.sortBy(WebhookDelivery::nextAttemptAt).take(3).map(WebhookDelivery::id));
        assertThat(store.webhookDeliveries().claimDue(at(10), 10, LEASE).map(WebhookDelivery::id))
                .containsExactly(deliveries.get(1).id(), deliveries.get(0).id());
    }

    @Test
    void a_claimed_delivery_is_hidden_from_other_claims_until_its_lease_ends() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);

        assertThat(store.webhookDeliveries().claimDue(at(1), 10, LEASE)).hasSize(1);
        assertThat(store.webhookDeliveries().claimDue(at(1).plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
        assertThat(store.webhookDeliveries().claimDue(at(1).plus(LEASE), 10, LEASE).map(WebhookDelivery::id))
                .containsExactly(delivery.id());
    }

    @Test
    void a_delivered_delivery_keeps_its_answer_and_is_never_claimed_again() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);

        store.webhookDeliveries().markDelivered(held(delivery), 3, 202, at(2));

        var stored = store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get();
        assertThat(stored.status()).isEqualTo(Status.DELIVERED);
        assertThat(stored.attempts()).isEqualTo(3);
        assertThat(stored.lastResponseCode()).contains(202);
        assertThat(stored.lastAttemptAt()).contains(at(2));
        assertThat(store.webhookDeliveries().claimDue(at(100_000), 10, LEASE)).isEmpty();
    }

    @Test
    void one_call_marks_the_accepted_deliveries_delivered_and_claims_the_next_due_ones_in_fair_turns() {
        var endpoint = endpoint();
        var accepted = WebhookFixtures.delivery(endpoint, at(1));
        var next = WebhookFixtures.delivery(endpoint, at(2));
        var later = WebhookFixtures.delivery(endpoint, at(3));
        recorded(accepted, next, later);
        store.webhookDeliveries().claimDue(at(3), 1, LEASE);

        var claimed = store.webhookDeliveries().markDeliveredAndClaimDue(List.of(new Delivered(held(accepted), 1, 204, at(4))),
                at(4), 10, LEASE, new Shares(1, java.util.Map.of())).claimed();

        assertThat(claimed.map(WebhookDelivery::id)).containsExactly(next.id());
        var stored = store.webhookDeliveries().find(accepted.businessId(), accepted.id()).get();
        assertThat(stored.status()).isEqualTo(Status.DELIVERED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastResponseCode()).contains(204);
        assertThat(stored.lastAttemptAt()).contains(at(4));
        assertThat(store.webhookDeliveries().claimDue(at(4).plus(LEASE), 10, LEASE).map(WebhookDelivery::id))
                .containsExactlyInAnyOrder(next.id(), later.id());
    }

    @Test
    void with_a_limit_of_zero_the_call_only_marks() {
        var endpoint = endpoint();
        var accepted = WebhookFixtures.delivery(endpoint, at(1));
        var waiting = WebhookFixtures.delivery(endpoint, at(2));
        recorded(accepted, waiting);
        store.webhookDeliveries().claimDue(at(2), 1, LEASE);

        assertThat(store.webhookDeliveries().markDeliveredAndClaimDue(List.of(new Delivered(held(accepted), 2, 200, at(3))),
                at(3), 0, LEASE, Shares.UNLIMITED)).isEqualTo(new DeliveredAndClaimed(List.empty(), List.empty()));

        assertThat(store.webhookDeliveries().find(accepted.businessId(), accepted.id()).get().status()).isEqualTo(Status.DELIVERED);
        assertThat(store.webhookDeliveries().claimDue(at(3), 10, LEASE).map(WebhookDelivery::id)).containsExactly(waiting.id());
    }

    @Test
    void the_backlog_counts_every_pending_delivery_and_ages_only_the_due_ones() {
        var endpoint = endpoint();
        var delivered = WebhookFixtures.delivery(endpoint, at(1));
        var retrying = WebhookFixtures.delivery(endpoint, at(2));
        var leased = WebhookFixtures.delivery(endpoint, at(3));
        recorded(delivered, retrying, leased);
        store.webhookDeliveries().claimDue(at(3), 10, LEASE);
        store.webhookDeliveries().markDelivered(held(delivered), 1, 200, at(4));
        store.webhookDeliveries().reschedule(held(retrying), 1, Option.some(503), "the endpoint answered 503", at(4), at(40));
        var due = WebhookFixtures.delivery(endpoint, at(5));
        recorded(due);

        assertThat(store.webhookDeliveries().backlog(at(10))).isEqualTo(new Backlog(3, Option.some(at(5))));
        assertThat(store.webhookDeliveries().backlog(at(40))).isEqualTo(new Backlog(3, Option.some(at(2))));
        assertThat(store.webhookDeliveries().backlog(at(4))).isEqualTo(new Backlog(3, Option.none()));
    }

    @Test
    void a_rescheduled_delivery_keeps_its_attempts_and_error_and_is_due_again_at_the_time_given() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);

        store.webhookDeliveries().reschedule(held(delivery), 1, Option.some(500), "the endpoint answered 500", at(2), at(7));

        var stored = store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get();
        assertThat(stored.status()).isEqualTo(Status.PENDING);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastResponseCode()).contains(500);
        assertThat(stored.lastError()).contains("the endpoint answered 500");
        assertThat(stored.nextAttemptAt()).isEqualTo(at(7));
        assertThat(store.webhookDeliveries().claimDue(at(6), 10, LEASE)).isEmpty();
        assertThat(store.webhookDeliveries().claimDue(at(7), 10, LEASE).map(WebhookDelivery::attempts)).containsExactly(1);
    }

    @Test
    void a_failed_delivery_stays_visible_and_is_never_claimed_until_requeued() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);

        store.webhookDeliveries().fail(held(delivery), 8, Option.none(), "connect timed out", at(2));

        var failed = store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(8);
        assertThat(failed.lastResponseCode()).isEmpty();
        assertThat(failed.lastError()).contains("connect timed out");
        assertThat(store.webhookDeliveries().claimDue(at(100_000), 10, LEASE)).isEmpty();

        assertThat(store.webhookDeliveries().requeue(delivery.businessId(), delivery.id(), at(50))).isTrue();

        var again = store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get();
        assertThat(again.status()).isEqualTo(Status.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextAttemptAt()).isEqualTo(at(50));
        assertThat(store.webhookDeliveries().claimDue(at(50), 10, LEASE).map(WebhookDelivery::id)).containsExactly(delivery.id());
    }

    @Test
    void only_a_settled_delivery_of_the_business_can_be_requeued() {
        var pending = WebhookFixtures.delivery(endpoint(), at(1));
        var delivered = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(pending, delivered);
        store.webhookDeliveries().markDelivered(held(delivered), 1, 200, at(2));

        assertThat(store.webhookDeliveries().requeue(pending.businessId(), pending.id(), at(3))).isFalse();
        assertThat(store.webhookDeliveries().requeue(WebhookFixtures.business(), delivered.id(), at(3))).isFalse();
        assertThat(store.webhookDeliveries().requeue(delivered.businessId(), "msg_unknown", at(3))).isFalse();
        assertThat(store.webhookDeliveries().requeue(delivered.businessId(), delivered.id(), at(3))).isTrue();
    }

    @Test
    void a_delivery_waiting_out_its_backoff_is_brought_forward_with_its_attempts_and_last_answer_kept() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);
        store.webhookDeliveries().reschedule(held(delivery), 2, Option.some(503), "the endpoint answered 503", at(2), at(2).plus(LEASE).plusSeconds(240));

        assertThat(store.webhookDeliveries().bringForward(delivery.businessId(), delivery.id(), at(3))).isTrue();

        var due = store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get();
        assertThat(due.status()).isEqualTo(Status.PENDING);
        assertThat(due.nextAttemptAt()).isEqualTo(at(3));
        assertThat(due.attempts()).as("attempts kept").isEqualTo(2);
        assertThat(due.lastResponseCode()).contains(503);
        assertThat(due.lastError()).contains("the endpoint answered 503");
        assertThat(due.lastAttemptAt()).contains(at(2));
        assertThat(store.webhookDeliveries().claimDue(at(3), 10, LEASE).map(WebhookDelivery::id)).containsExactly(delivery.id());
    }

    @Test
    void a_backoff_shorter_than_the_lease_is_cut_short_too_as_it_holds_no_claim() {
        var endpoint = endpoint();
        var refusedOnce = WebhookFixtures.delivery(endpoint, at(1));
        var nearTheEnd = WebhookFixtures.delivery(endpoint, at(1));
        recorded(refusedOnce, nearTheEnd);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);
        // the first failure's 5 seconds, and the last second of a longer backoff: both nearer than a lease
        store.webhookDeliveries().reschedule(held(refusedOnce), 1, Option.some(503), "the endpoint answered 503", at(2), at(7));
        store.webhookDeliveries().reschedule(held(nearTheEnd), 3, Option.some(500), "the endpoint answered 500", at(2),
                at(3).plusSeconds(1));

        assertThat(store.webhookDeliveries().bringForward(refusedOnce.businessId(), refusedOnce.id(), at(3))).isTrue();
        assertThat(store.webhookDeliveries().bringForward(nearTheEnd.businessId(), nearTheEnd.id(), at(3))).isTrue();

        assertThat(store.webhookDeliveries().claimDue(at(3), 10, LEASE).map(WebhookDelivery::id))
                .containsExactlyInAnyOrder(refusedOnce.id(), nearTheEnd.id());
        assertThat(store.webhookDeliveries().find(refusedOnce.businessId(), refusedOnce.id()).get().attempts()).isEqualTo(1);
    }

    @Test
    void a_delivery_a_claim_holds_a_settled_one_or_another_business_s_is_never_brought_forward() {
        var endpoint = endpoint();
        var claimed = WebhookFixtures.delivery(endpoint, at(1));
        var delivered = WebhookFixtures.delivery(endpoint, at(1));
        var failed = WebhookFixtures.delivery(endpoint, at(1));
        var waiting = WebhookFixtures.delivery(endpoint, at(1));
        recorded(claimed, delivered, failed, waiting);
        assertThat(store.webhookDeliveries().claimDue(at(1), 10, LEASE)).hasSize(4);
        store.webhookDeliveries().markDelivered(held(delivered), 1, 204, at(1));
        store.webhookDeliveries().fail(held(failed), 1, Option.none(), "the endpoint is disabled", at(1));
        store.webhookDeliveries().reschedule(held(waiting), 1, Option.some(500), "the endpoint answered 500", at(1), at(1).plusSeconds(5));
        var before = List.of(claimed, delivered, failed, waiting)
                .map(d -> store.webhookDeliveries().find(d.businessId(), d.id()).get());

        for (var d : List.of(claimed, delivered, failed)) {
            assertThat(store.webhookDeliveries().bringForward(d.businessId(), d.id(), at(1))).as(d.id()).isFalse();
        }
        assertThat(store.webhookDeliveries().bringForward(claimed.businessId(), claimed.id(), at(1).plus(LEASE).minusMillis(1)))
                .as("held to the last instant of its lease").isFalse();
        assertThat(store.webhookDeliveries().bringForward(WebhookFixtures.business(), waiting.id(), at(1))).isFalse();
        assertThat(store.webhookDeliveries().bringForward(waiting.businessId(), "msg_unknown", at(1))).isFalse();
        assertThat(store.webhookDeliveries().bringForward(waiting.businessId(), waiting.id(), at(1).plusSeconds(5)))
                .as("due already").isFalse();

        assertThat(before.map(d -> store.webhookDeliveries().find(d.businessId(), d.id()).get())).isEqualTo(before);
        assertThat(store.webhookDeliveries().claimDue(at(1).plusMillis(500), 10, LEASE)).isEmpty();
        assertThat(store.webhookDeliveries().bringForward(waiting.businessId(), waiting.id(), at(1).plusMillis(500))).isTrue();
    }

    @Test
    void a_claim_s_hold_ends_with_its_settlement_and_a_new_claim_holds_again() {
        var delivery = WebhookFixtures.delivery(endpoint(), at(1));
        recorded(delivery);
        store.webhookDeliveries().claimDue(at(1), 10, LEASE);
        store.webhookDeliveries().reschedule(held(delivery), 1, Option.some(500), "the endpoint answered 500", at(2), at(7));
        assertThat(store.webhookDeliveries().claimDue(at(7), 10, LEASE)).hasSize(1);

        assertThat(store.webhookDeliveries().bringForward(delivery.businessId(), delivery.id(), at(8))).as("held again").isFalse();

        store.webhookDeliveries().reschedule(held(delivery), 2, Option.some(500), "the endpoint answered 500", at(8), at(38));
        assertThat(store.webhookDeliveries().bringForward(delivery.businessId(), delivery.id(), at(9))).isTrue();
        store.webhookDeliveries().markDelivered(held(delivery), 3, 204, at(10));
        assertThat(store.webhookDeliveries().requeue(delivery.businessId(), delivery.id(), at(11))).isTrue();
        store.webhookDeliveries().claimDue(at(11), 10, LEASE);
        store.webhookDeliveries().reschedule(held(delivery), 1, Option.some(500), "the endpoint answered 500", at(12), at(17));
        assertThat(store.webhookDeliveries().bringForward(delivery.businessId(), delivery.id(), at(13))).isTrue();
    }

    @Test
    void retries_clicked_while_dispatchers_claim_never_let_a_delivery_be_claimed_twice() {
        var endpoint = endpoint();
        var deliveries = List.range(0, 120).map(i -> WebhookFixtures.delivery(endpoint, at(1)));
        inUnit(() -> deliveries.grouped(60).forEach(store.webhookDeliveries()::record));
        store.webhookDeliveries().claimDue(at(1), 200, LEASE);
        // half in a long backoff, half in the first failure's 5 seconds: a retry may cut either short, a claim's hold neither
        deliveries.zipWithIndex().forEach(d -> store.webhookDeliveries().reschedule(held(d._1), 2, Option.some(500),
                "the endpoint answered 500", at(1), d._2 % 2 == 0 ? at(3600) : at(15)));
        var claims = new ConcurrentHashMap<String, AtomicInteger>();
        var clicking = new java.util.concurrent.atomic.AtomicBoolean(true);

        PortContract.race(3, n -> {
            if (n == 0) {
                // an operator clicking Retry on each, then again once a dispatcher holds it (or a moment later)
                for (var d : deliveries) {
                    store.webhookDeliveries().bringForward(d.businessId(), d.id(), at(10));
                    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (!claims.containsKey(d.id()) && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    store.webhookDeliveries().bringForward(d.businessId(), d.id(), at(10));
                }
                clicking.set(false);
                return n;
            }
            boolean last = false;
            while (true) {
                var batch = store.webhookDeliveries().claimDue(at(10), 7, LEASE);
                batch.forEach(d -> claims.computeIfAbsent(d.id(), id -> new AtomicInteger()).incrementAndGet());
                if (batch.isEmpty() && last) {
                    return n;
                }
                last = !clicking.get();
            }
        });

        assertThat(claims.keySet()).isEqualTo(new HashSet<>(deliveries.map(WebhookDelivery::id).toJavaList()));
        assertThat(claims.values()).allMatch(count -> count.get() == 1);
    }

    /**
     * A dispatcher whose attempt outlasted its lease settles after another claimed the delivery again: the late
     * settlement names a claim that no longer holds it and changes nothing, so the newer claim's mark stands (a retry
     * still answers "being attempted") and its schedule too. A late "delivered" is not taken either: the newer claim
     * sends it again with the same {@code webhook-id}, for the receiver to drop.
     */
    @Test
    void a_late_settlement_after_another_dispatcher_claimed_the_delivery_again_changes_nothing() {
        var endpoint = endpoint();
        var rescheduledLate = WebhookFixtures.delivery(endpoint, at(1));
        var failedLate = WebhookFixtures.delivery(endpoint, at(1));
        var deliveredLate = WebhookFixtures.delivery(endpoint, at(1));
        recorded(rescheduledLate, failedLate, deliveredLate);
        var first = store.webhookDeliveries().claimDue(at(1), 10, LEASE);
        var afterTheLease = at(1).plus(LEASE);
        var again = store.webhookDeliveries().claimDue(afterTheLease, 10, LEASE);
        assertThat(again).as("the other dispatcher's claim").hasSize(3);

        var late = afterTheLease.plusSeconds(1);
        assertThat(store.webhookDeliveries().reschedule(claimIn(first, rescheduledLate), 1, Option.some(503),
                "the endpoint answered 503", late, late.plusSeconds(5))).isFalse();
        assertThat(store.webhookDeliveries().fail(claimIn(first, failedLate), 1, Option.none(), "the endpoint is disabled", late))
                .isFalse();
        assertThat(store.webhookDeliveries().markDeliveredAndClaimDue(List.of(new Delivered(claimIn(first, deliveredLate), 1, 204,
                late)), late, 0, LEASE, Shares.UNLIMITED).superseded()).containsExactly(deliveredLate.id());
        assertThat(store.webhookDeliveries().markDelivered(claimIn(first, deliveredLate), 1, 204, late)).isFalse();

        var order = List.of(rescheduledLate, failedLate, deliveredLate).map(WebhookDelivery::id);
        assertThat(order.map(id -> store.webhookDeliveries().find(endpoint.businessId(), id).get()))
                .as("each as the second claim left it").containsExactlyElementsOf(again.sortBy(d -> order.indexOf(d.id())));
        assertThat(store.webhookDeliveries().bringForward(rescheduledLate.businessId(), rescheduledLate.id(),
                late.plusSeconds(5))).as("still held by the second claim").isFalse();
        assertThat(store.webhookDeliveries().claimDue(afterTheLease.plus(LEASE).minusMillis(1), 10, LEASE)).isEmpty();
    }

    @Test
    void recent_lists_one_endpoints_deliveries_newest_first() {
        var endpoint = endpoint();
        var other = endpoint();
        var deliveries = List.range(0, 6).map(i -> WebhookFixtures.delivery(endpoint, at(i)));
        recorded(deliveries.toJavaArray(WebhookDelivery[]::new));
        recorded(WebhookFixtures.delivery(other, at(3)));

        var recent = store.webhookDeliveries().recent(endpoint.businessId(), endpoint.id(), 4);

        assertThat(recent.map(WebhookDelivery::id)).containsExactlyElementsOf(deliveries.reverse().take(4).map(WebhookDelivery::id));
        assertThat(store.webhookDeliveries().recent(WebhookFixtures.business(), endpoint.id(), 4)).isEmpty();
    }

    @Test
    void two_claimers_over_600_deliveries_claim_each_exactly_once() {
        var endpoints = List.range(0, 3).map(i -> endpoint());
        var deliveries = List.range(0, 600).map(i -> WebhookFixtures.delivery(endpoints.get(i % 3), at(i % 40)));
        inUnit(() -> deliveries.grouped(100).forEach(store.webhookDeliveries()::record));
        var claims = new ConcurrentHashMap<String, AtomicInteger>();

        PortContract.race(2, n -> {
            while (true) {
                var batch = store.webhookDeliveries().claimDue(at(100), 25, Duration.ofHours(1));
                if (batch.isEmpty()) {
                    return n;
                }
                batch.forEach(d -> claims.computeIfAbsent(d.id(), id -> new AtomicInteger()).incrementAndGet());
            }
        });

        assertThat(claims.keySet()).isEqualTo(new HashSet<>(deliveries.map(WebhookDelivery::id).toJavaList()));
        assertThat(claims.values()).allMatch(count -> count.get() == 1);
    }

    @Test
    void a_claim_with_shares_takes_businesses_in_turns_and_none_beyond_its_room() {
        var a = endpoint();
        var b = endpoint();
        var c = endpoint();
        var ofA = List.range(0, 6).map(i -> WebhookFixtures.delivery(a, at(1 + i)));
        var ofB = List.range(0, 6).map(i -> WebhookFixtures.delivery(b, at(10 + i)));
        var ofC = List.range(0, 2).map(i -> WebhookFixtures.delivery(c, at(20 + i)));
        recorded(ofA.appendAll(ofB).appendAll(ofC).toJavaArray(WebhookDelivery[]::new));

        var claimed = store.webhookDeliveries().claimDue(at(30), 100, LEASE,
                new Shares(3, java.util.Map.of(b.businessId(), 1)));

        assertThat(claimed.map(WebhookDelivery::id)).containsExactly(
                ofA.get(0).id(), ofB.get(0).id(), ofC.get(0).id(),
                ofA.get(1).id(), ofB.get(1).id(), ofC.get(1).id(),
                ofA.get(2).id());
    }

    @Test
    void a_claim_with_shares_skips_a_business_with_no_room_even_when_its_deliveries_are_due_first() {
        var busy = endpoint();
        var other = endpoint();
        var ofBusy = List.range(0, 50).map(i -> WebhookFixtures.delivery(busy, at(1)));
        var ofOther = WebhookFixtures.delivery(other, at(5));
        recorded(ofBusy.append(ofOther).toJavaArray(WebhookDelivery[]::new));

        var claimed = store.webhookDeliveries().claimDue(at(10), 2, LEASE, new Shares(4, java.util.Map.of(busy.businessId(), 4)));

        assertThat(claimed.map(WebhookDelivery::id)).containsExactly(ofOther.id());
        assertThat(store.webhookDeliveries().claimDue(at(10), 100, LEASE, new Shares(4, java.util.Map.of())).size())
                .as("what was skipped is still due, and claimed once it has room").isEqualTo(4);
    }

    @Test
    void with_more_businesses_due_than_the_limit_a_claim_takes_the_first_turn_of_those_due_earliest() {
        var endpoints = List.range(0, 6).map(i -> endpoint());
        // business i's deliveries fall due at 10i + 1, + 2 and + 3 seconds; the claim at 45 s finds the sixth not due
        var deliveries = endpoints.zipWithIndex().map(e -> List.range(1, 4).map(k -> WebhookFixtures.delivery(e._1(),
                at(10L * e._2() + k))));
        recorded(deliveries.flatMap(d -> d).toJavaArray(WebhookDelivery[]::new));

        var claimed = store.webhookDeliveries().claimDue(at(45), 3, LEASE,
                new Shares(4, java.util.Map.of(endpoints.get(0).businessId(), 4)));

        assertThat(claimed.map(WebhookDelivery::id)).as("the first business has no room; the next three, one each")
                .containsExactly(deliveries.get(1).get(0).id(), deliveries.get(2).get(0).id(), deliveries.get(3).get(0).id());
        assertThat(store.webhookDeliveries().claimDue(at(45), 10, LEASE, new Shares(2, java.util.Map.of())).map(WebhookDelivery::id))
                .as("what is left, two turns of every business due, each turn earliest due first")
                .containsExactly(deliveries.get(0).get(0).id(), deliveries.get(1).get(1).id(), deliveries.get(2).get(1).id(),
                        deliveries.get(3).get(1).id(), deliveries.get(4).get(0).id(),
                        deliveries.get(0).get(1).id(), deliveries.get(1).get(2).id(), deliveries.get(2).get(2).id(),
                        deliveries.get(3).get(2).id(), deliveries.get(4).get(1).id());
    }

    @Test
    void with_a_thousand_and_more_due_a_claim_keeps_the_same_turns() {
        var flooded = endpoint();
        var quiet = endpoint();
        var full = endpoint();
        var ofFlooded = List.range(0, 1_100).map(i -> WebhookFixtures.delivery(flooded, at(1).plusMillis(i)));
        var ofQuiet = List.range(0, 3).map(i -> WebhookFixtures.delivery(quiet, at(5 + i)));
        var ofFull = List.range(0, 2).map(i -> WebhookFixtures.delivery(full, at(0)));
        recorded(ofFlooded.appendAll(ofQuiet).appendAll(ofFull).toJavaArray(WebhookDelivery[]::new));

        var claimed = store.webhookDeliveries().claimDue(at(30), 10, LEASE, new Shares(4, java.util.Map.of(full.businessId(), 4)));

        assertThat(claimed.map(WebhookDelivery::id)).containsExactly(ofFlooded.get(0).id(), ofQuiet.get(0).id(),
                ofFlooded.get(1).id(), ofQuiet.get(1).id(), ofFlooded.get(2).id(), ofQuiet.get(2).id(), ofFlooded.get(3).id());
        assertThat(store.webhookDeliveries().claimDue(at(30), 1, LEASE, new Shares(4, java.util.Map.of(full.businessId(), 4)))
                .map(WebhookDelivery::id)).as("one to take: the business whose first due is the earliest")
                .containsExactly(ofFlooded.get(4).id());
    }

    @Test
    void purging_deletes_delivered_and_failed_deliveries_created_before_the_cutoff_oldest_first_and_never_a_pending_one() {
        var endpoint = endpoint();
        var oldest = WebhookFixtures.delivery(endpoint, at(1));
        var older = WebhookFixtures.delivery(endpoint(), at(2));
        var atTheCutoff = WebhookFixtures.delivery(endpoint, at(5));
        var retrying = WebhookFixtures.delivery(endpoint, at(1));
        var waiting = WebhookFixtures.delivery(endpoint, at(0));
        recorded(atTheCutoff, older, retrying, oldest, waiting);
        store.webhookDeliveries().claimDue(at(5), 10, LEASE);
        store.webhookDeliveries().markDelivered(held(oldest), 1, 200, at(6));
        store.webhookDeliveries().fail(held(older), 8, Option.some(500), "the endpoint answered 500", at(6));
        store.webhookDeliveries().markDelivered(held(atTheCutoff), 1, 204, at(6));
        store.webhookDeliveries().reschedule(held(retrying), 1, Option.none(), "connect timed out", at(6), at(7));

        assertThat(store.webhookDeliveries().purgeFinished(at(5), 0)).isZero();
        assertThat(store.webhookDeliveries().purgeFinished(at(5), 1)).isEqualTo(1);
        assertThat(store.webhookDeliveries().find(oldest.businessId(), oldest.id())).isEmpty();
        assertThat(store.webhookDeliveries().find(older.businessId(), older.id())).isNotEmpty();
        assertThat(store.webhookDeliveries().purgeFinished(at(5), 10)).isEqualTo(1);
        assertThat(store.webhookDeliveries().purgeFinished(at(5), 10)).isZero();

        assertThat(List.of(oldest, older, atTheCutoff, retrying, waiting).map(d -> store.webhookDeliveries()
                .find(d.businessId(), d.id()).map(WebhookDelivery::status))).containsExactly(Option.none(), Option.none(),
                Option.some(Status.DELIVERED), Option.some(Status.PENDING), Option.some(Status.PENDING));
        assertThat(store.webhookDeliveries().claimDue(at(5).plus(LEASE), 10, LEASE).map(WebhookDelivery::id))
                .containsExactlyInAnyOrder(retrying.id(), waiting.id());
        assertThat(store.webhookDeliveries().recent(endpoint.businessId(), endpoint.id(), 10).map(WebhookDelivery::id))
                .containsExactlyInAnyOrder(atTheCutoff.id(), retrying.id(), waiting.id());
    }

    /** The claim that holds the delivery now, as a dispatcher holding it would name it. */
    private Claim held(WebhookDelivery delivery) {
        return store.webhookDeliveries().find(delivery.businessId(), delivery.id()).get().claim();
    }

    /** The claim {@code claimed} made of {@code delivery}. */
    private static Claim claimIn(List<WebhookDelivery> claimed, WebhookDelivery delivery) {
        return claimed.find(d -> d.id().equals(delivery.id())).get().claim();
    }

    private WebhookEndpoint endpoint() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(0));
        inUnit(() -> store.webhookEndpoints().insert(endpoint));
        return endpoint;
    }

    private void recorded(WebhookDelivery... deliveries) {
        inUnit(() -> store.webhookDeliveries().record(List.of(deliveries)));
    }
}
