package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

/**
 * The resends of delivery emails: how many each grant used of each policy's window, and who asked for each.
 * Both methods join the caller's unit of work, so a refused or rolled-back resend leaves no trace.
 */
public interface ResendLedger {

    /** The answer to a claim: granted, or refused until {@code nextAllowedAt}. */
    sealed interface Claim {
        record Granted() implements Claim {}

        record Refused(Instant nextAllowedAt) implements Claim {}
    }

    /** A recorded resend; {@code requestedBy} is the requester's stored form ({@code api_key:key_...}). */
    record Entry(String outboxMessageId, BusinessId businessId, GrantId grantId, String policy, String requestedBy,
                 Instant requestedAt) {
        public Entry {
            if (outboxMessageId == null || businessId == null || grantId == null || policy == null || requestedBy == null
                    || requestedAt == null) {
                throw new IllegalArgumentException("a resend entry needs every fact");
            }
        }
    }

    /**
     * Takes one of {@code count} uses of the grant's window under {@code policy} at {@code now}. A window opens at
     * the first use and ends {@code window} later ({@code now >= opened + window} starts a new one). Atomic: of
     * concurrent claims on the last use, exactly one is granted, across processes.
     */
    Claim claim(BusinessId business, GrantId grant, String policy, int count, Duration window, Instant now);

    void record(Entry entry);

    /** Newest first. */
    List<Entry> list(BusinessId business, GrantId grant);

    /**
     * The grant's resends newest first (by {@code requestedAt}, then {@code outboxMessageId}), at most {@code limit}:
     * from the newest when {@code before} is none, else only those {@link Before#admits before} it.
     */
    List<Entry> latest(BusinessId business, GrantId grant, Option<Before> before, int limit);
}
