package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.port.in.OperatorAccess.Outcome;
import dev.grantor.application.port.in.OutboxAdministration.SendNow;
import dev.grantor.application.port.in.Webhooks.RetryOutcome;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.service.AuditedUnits;
import dev.grantor.application.service.OutboxAdministrationService;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookService;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Twelve operators' clicks of Send now, or of Retry this delivery, on one row waiting for its retry, at once, with a
 * clock that hands out later instants in the order the clicks read it. On PostgreSQL the click that read the later
 * instant can commit first; a click judged from an instant read before it held the row then moved the schedule the
 * winner wrote (a second audit entry), or took its 0-row change for a dispatcher's hold ("being attempted now", while
 * nothing attempted it). One change and one entry a race, every other click told the row is due.
 */
class PostgresConsoleClicksRaceTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final int CLICKS = 12;
    private static final int ROUNDS = 12;

    private final AtomicLong ticks = new AtomicLong();
    private final InstantSource clock = () -> START.plusNanos(1_000 * ticks.incrementAndGet());

    @Test
    void retry_this_delivery_clicked_at_once_changes_it_once_and_tells_every_other_click_it_is_due() throws Exception {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(CLICKS + 2))) {
            var audited = new AuditedUnits(storage.transactions(), storage.auditTrail());
            var service = new WebhookService(audited, storage.webhookEndpoints(), storage.webhookDeliveries(), clock,
                    ContractFixtures::id, DispatchPolicy.defaults(), () -> {});
            var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), START);
            storage.transactions().write(() -> {
                storage.webhookEndpoints().insert(endpoint);
                return Either.right(true);
            });
            for (int round = 0; round < ROUNDS; round++) {
                WebhookDelivery waiting = WebhookFixtures.delivery(endpoint, START.plusSeconds(3_600));
                storage.transactions().write(() -> {
                    storage.webhookDeliveries().record(List.of(waiting));
                    return Either.right(true);
                });
                var answers = race(() -> audited.recording(entry(endpoint.businessId(), waiting.id()), Option::none,
                        () -> service.attemptNow(endpoint.businessId(), endpoint.id(), waiting.id())).get());

                assertThat(answers.count(a -> a instanceof Outcome.Changed)).as("round %d: clicks that changed it", round)
                        .isEqualTo(1);
                assertThat(answers.map(a -> a.value().outcome())).as("round %d: what each click was told", round)
                        .containsOnly(RetryOutcome.DUE_NOW, RetryOutcome.DUE_ALREADY).containsOnlyOnce(RetryOutcome.DUE_NOW);
                assertThat(storage.auditTrail().about(endpoint.businessId(), waiting.id())).as("round %d: entries", round)
                        .hasSize(1);
            }
        }
    }

    @Test
    void send_now_clicked_at_once_changes_the_email_once_and_tells_every_other_click_it_is_due_already() throws Exception {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(CLICKS + 2))) {
            var audited = new AuditedUnits(storage.transactions(), storage.auditTrail());
            var service = new OutboxAdministrationService(storage.outbox(), storage.webhookDeliveries(), audited, clock, () -> {});
            var business = ContractFixtures.business();
            storage.transactions().write(() -> {
                storage.businesses().insert(business);
                return Either.right(true);
            });
            for (int round = 0; round < ROUNDS; round++) {
                var waiting = new OutboxMessage(ContractFixtures.id("msg_"), business.id(), Kind.EMAIL, "grant.created",
                        "{}", START, 1, START.plusSeconds(3_600), Status.PENDING, Option.some("421 try again later"));
                storage.transactions().write(() -> {
                    storage.outbox().append(List.of(waiting));
                    return Either.right(true);
                });
                var answers = race(() -> audited.recording(entry(business.id(), waiting.id()), Option::none,
                        () -> Either.right(service.sendNow(business.id(), waiting.id()))).get());

                assertThat(answers.count(a -> a instanceof Outcome.Changed)).as("round %d: clicks that changed it", round)
                        .isEqualTo(1);
                assertThat(answers.map(Outcome::value)).as("round %d: what each click was told", round)
                        .containsOnly(SendNow.DUE_NOW, SendNow.ALREADY_DUE);
                assertThat(storage.auditTrail().about(business.id(), waiting.id())).as("round %d: entries", round).hasSize(1);
            }
        }
    }

    private static AuditEntry entry(BusinessId business, String subject) {
        return new AuditEntry(ContractFixtures.id("aud_"), business, "op_console", "made it due", subject, "clicked", START);
    }

    /** Every click started at one signal, each on its own thread (a unit of work is thread-confined). */
    private static <R> List<R> race(Callable<R> click) throws Exception {
        var pool = Executors.newFixedThreadPool(CLICKS);
        try {
            var go = new CountDownLatch(1);
            var clicks = List.range(0, CLICKS).map(i -> pool.submit(() -> {
                go.await();
                return click.call();
            }));
            go.countDown();
            return clicks.map(f -> {
                try {
                    return f.get();
                } catch (Exception failure) {
                    throw new IllegalStateException(failure);
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }
}
