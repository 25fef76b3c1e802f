package dev.grantor.application.service;

import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.domain.shared.BusinessId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/** Idempotent requests over the idempotency records, on the engine's clock. */
public final class IdempotentRequestsService implements IdempotentRequests {

    private final IdempotencyRecords records;
    private final InstantSource clock;

    public IdempotentRequestsService(IdempotencyRecords records, InstantSource clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Claim claim(BusinessId business, String key, String fingerprint, Duration ttl) {
        return switch (records.claim(business, key, fingerprint, clock.instant(), ttl)) {
            case IdempotencyRecords.Claim.Claimed claimed -> new Claim.Claimed();
            case IdempotencyRecords.Claim.Replay(var response) -> new Claim.Replay(new StoredResponse(response.status(), response.body()));
            case IdempotencyRecords.Claim.InProgress inProgress -> new Claim.InProgress();
            case IdempotencyRecords.Claim.Mismatch mismatch -> new Claim.Mismatch();
        };
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
