package dev.grantor.application.service;

import dev.grantor.application.background.Retention;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Idempotent requests over the idempotency records, on the engine's clock. A claim also deletes, a chunk at a time and at
 * most every few minutes ({@link Retention}), the records past the time to live the requests use: a key never sent again
 * would otherwise keep its record, and its stored response, for good.
 */
public final class IdempotentRequestsService implements IdempotentRequests {

    private static final System.Logger LOG = System.getLogger(IdempotentRequestsService.class.getName());
    /**
     * Longer than any request runs (a key-pool import with its drain included), so a claim this old without an answer
     * was left by a node that stopped between the work and storing the answer; the same request then runs again rather
     * than meeting "in progress" for the rest of the day.
     */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    /** The purge for the time to live the requests use; a caller with another one starts a purge of its own. */
    private record Forgetting(Duration ttl, Retention retention) {}

    private final IdempotencyRecords records;
    private final Transactions transactions;
    private final InstantSource clock;
    private final AtomicReference<Forgetting> forgetting = new AtomicReference<>();

    public IdempotentRequestsService(IdempotencyRecords records, Transactions transactions, InstantSource clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Claim claim(BusinessId business, String key, String fingerprint, Duration ttl) {
        forgotten(ttl).runWhenDue();
        var abandonedAfter = ABANDONED_AFTER.compareTo(ttl) < 0 ? ABANDONED_AFTER : ttl;
        return switch (records.claim(business, key, fingerprint, clock.instant(), ttl, abandonedAfter)) {
            case IdempotencyRecords.Claim.Claimed claimed -> new Claim.Claimed();
            case IdempotencyRecords.Claim.Replay(var response) -> new Claim.Replay(new StoredResponse(response.status(), response.body()));
            case IdempotencyRecords.Claim.InProgress inProgress -> new Claim.InProgress();
            case IdempotencyRecords.Claim.Mismatch mismatch -> new Claim.Mismatch();
        };
    }

    private Retention forgotten(Duration ttl) {
        var current = forgetting.get();
        if (current != null && current.ttl().equals(ttl)) {
            return current.retention();
        }
        var fresh = new Forgetting(ttl, new Retention("idempotency records", Option.some(ttl), records::forgetClaimedBefore,
                clock, LOG));
        forgetting.set(fresh);
        return fresh.retention();
    }

    @Override
    public <A> A runClaimed(BusinessId business, String key, Supplier<Either<A, A>> work, Function<A, Option<StoredResponse>> response) {
        Either<A, A> result;
        try {
            // no retry loop here: the work's own units retry inside this one, and a rerun of it all would multiply them
            result = transactions.write(() -> {
                var outcome = Objects.requireNonNull(work.get(), "the work answered null");
                if (outcome.isRight()) {
                    response.apply(outcome.get()).forEach(stored -> complete(business, key, stored));
                }
                return outcome;
            });
        } catch (RuntimeException | Error e) {
            release(business, key);
            throw e;
        }
        A answer = result.fold(Function.identity(), Function.identity());
        Option<StoredResponse> stored = response.apply(answer);
        if (stored.isEmpty()) {
            release(business, key);
        } else if (result.isLeft()) {
            complete(business, key, stored.get());
        }
        return answer;
    }

    @Override
    public void complete(BusinessId business, String key, StoredResponse response) {
        records.complete(business, key, new IdempotencyRecords.StoredResponse(response.status(), response.body()), clock.instant());
    }

    @Override
    public void release(BusinessId business, String key) {
        records.release(business, key);
    }
}
