package dev.grantor.application.port.out;

import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

/**
 * The transactional outbox. {@link #append} joins the caller's unit of work; the other methods are the
 * relay's and run in their own. Claiming is exclusive across processes: a claimed message is invisible
 * to other claimers until its lease ends, so several relays share the work without sending anything
 * twice (a relay that dies mid-batch lets its lease run out, and the message is sent again: at least once).
 */
public interface Outbox {

    /**
     * Topics whose payload carries a sign-in secret (a portal code or link) that exists nowhere else in plain text:
     * the sign-in tables keep only its hash. Once such a message is settled ({@link #markSent sent} or
     * {@link #park parked}) its payload is {@link #ERASED_PAYLOAD}, so neither the database nor its backups keep a
     * secret past its email. A parked one cannot be sent again: the customer asks for a new code or link.
     */
    Set<String> SECRET_TOPICS = HashSet.of(PortalEmail.TOPIC);

    /** What is left of a settled message of a {@link #SECRET_TOPICS secret topic}. */
    String ERASED_PAYLOAD = "{\"erased\":\"sign-in secret\"}";

    /** The payload a message keeps once settled: its own, or {@link #ERASED_PAYLOAD} for a secret topic. */
    static String settledPayload(OutboxMessage message) {
        return SECRET_TOPICS.contains(message.topic()) ? ERASED_PAYLOAD : message.payload();
    }

    record Depth(long pending, long parked, Option<Instant> oldestDueCreatedAt) {}

    void append(List<OutboxMessage> messages);

    /**
     * Up to {@code limit} pending messages due at {@code now}, those due the longest first (a message falls due when it is
     * appended, and again when its retry time comes or an operator requeues it or brings it forward; a lease that runs
     * out does not make it due anew), each leased until now + lease, which the answered messages carry as their next attempt (what their
     * settlement names, {@link Claim}); answered oldest first. Taking them in the order they fell due lets a store walk one
     * index over the due messages alone, however many wait for a retry.
     */
    List<OutboxMessage> claimDue(Instant now, int limit, Duration lease);

    /**
     * Marks the claimed message sent; the payload of a {@link #SECRET_TOPICS secret topic} is erased in the same write.
     * False, and nothing changed, when the claim was superseded ({@link Claim}): the message is pending under a newer
     * claim, which sends it again with its stable id (delivery is at least once), or that claim settled it already.
     */
    boolean markSent(Claim claim, Instant at);

    /**
     * Marks every claimed message of {@code claims} sent, in one unit of work of its own: a relay's pass settles its batch
     * at once. Answers the ids whose claim was superseded, left as they were.
     */
    default List<String> markSent(List<Claim> claims, Instant at) {
        return claims.filter(claim -> !markSent(claim, at)).map(Claim::id);
    }

    /** What {@link #markSentAndClaimDue} did: the ids whose claim was superseded (left as they were), and the claim. */
    record SentAndClaimed(List<String> superseded, List<OutboxMessage> claimed) {}

    /**
     * Marks {@code sent} sent at {@code now} and claims as {@link #claimDue} does, in ONE unit of work of its own: a
     * relay settles its last pass in the write that claims its next one, so a message costs a share of one commit
     * instead of two. A {@code limit} of 0 only settles.
     */
    default SentAndClaimed markSentAndClaimDue(List<Claim> sent, Instant now, int limit, Duration lease) {
        var superseded = sent.isEmpty() ? List.<String>empty() : markSent(sent, now);
        return new SentAndClaimed(superseded, claimDue(now, limit, lease));
    }

    /**
     * A failed attempt: counts it, keeps the error, and makes the message due again at {@code nextAttemptAt}. False, and
     * nothing changed, when the claim was superseded ({@link Claim}): a relay claimed the message again after this one's
     * lease ended and is sending it, or sent or parked it, so a late failure neither moves its schedule (a third relay
     * would take it while it is being sent) nor sends a sent message again nor a parked one, whose secret may be erased.
     */
    boolean reschedule(Claim claim, int attempts, Instant nextAttemptAt, String error);

    /**
     * Gives up: the message is kept as {@code PARKED} with its last error until someone retries it; the payload of a
     * {@link #SECRET_TOPICS secret topic} is erased in the same write. False when superseded, as {@link #reschedule}: a
     * late park would stop a message another relay is sending (and a requeue would then send it a third time).
     */
    boolean park(Claim claim, int attempts, String error, Instant at);

    /**
     * Parked messages back to pending, due now, attempts reset. False when the id is not parked, or is a parked message
     * of a {@link #SECRET_TOPICS secret topic}: its payload was erased when it was parked, so there is nothing left to
     * send (the customer asks for a new code or link).
     */
    boolean requeue(String id, Instant now);

    /** What {@link #bringForward} did, or why it did nothing. */
    enum BringForward {
        /** The message waited for its retry and is due now. */
        BROUGHT_FORWARD,
        /** It was due already: the relay's next pass takes it, nothing to bring forward. */
        ALREADY_DUE,
        /** A relay holds it: its attempt is under way (or its failure not yet written), and it was left alone. */
        BEING_SENT,
        SENT,
        PARKED,
        /** No such message, or another business's. */
        NOT_FOUND
    }

    /**
     * A pending message of {@code business} waiting for its retry made due at {@code now}, its attempts and last error
     * kept, so that the relay's next claim takes it. Never one a relay holds (a claim whose lease has not ended): making
     * it due would let a second relay send it while the first one's attempt is on its way. Checked and changed in one
     * statement, so a claim or a settlement in between decides. It changes the schedule and clears a lapsed claim's mark
     * as a reschedule does, so a late settlement of an older claim meets the new schedule and stays refused ({@link Claim}:
     * such a claim's lease ended no later than the claim that superseded it, before the failure that set the backoff).
     * When nothing changed, a read after the statement says why; a message that changed in between shows as being sent.
     */
    BringForward bringForward(BusinessId business, String id, Instant now);

    /**
     * A message of {@code business}, its row held until the unit of work ends: Send now reads its clock after this, so
     * that concurrent clicks are judged in the order they commit and a later one never moves the schedule an earlier one
     * wrote. Inside a unit that writes.
     */
    Option<OutboxMessage> hold(BusinessId business, String id);

    /**
     * Deletes up to {@code limit} {@link Status#SENT sent} messages created before {@code createdBefore}, the oldest
     * first, in a unit of work of its own; answers how many. Pending and parked messages are never deleted: one still
     * owes a delivery, the other waits for an operator. Nothing reads a sent message again, and without this the table
     * grows by every email and event for good.
     */
    int purgeSent(Instant createdBefore, int limit);

    Option<OutboxMessage> find(String id);

    /**
     * An email about a grant as its timeline shows it: queued at {@code createdAt}; {@code settledAt} when it was sent or
     * parked (none while pending); {@code attempts} and {@code lastError} the failed tries and what the last one was told;
     * {@code nextAttemptAt} while pending, as {@link OutboxMessage#nextAttemptAt()} reads (a held one's lease's end).
     */
    record GrantEmail(String id, String topic, Instant createdAt, Status status, int attempts, Option<String> lastError,
                      Option<Instant> settledAt, Option<Instant> nextAttemptAt) {}

    /**
     * The emails about {@code grant} ({@link OutboxMessage#grantId()}), newest first ({@code created_at} desc, then id
     * desc), only those {@link Before#admits before} the bound, at most {@code limit}. Another business's messages never
     * show, whatever grant id it names; sent ones are gone once {@link #purgeSent purged}.
     */
    List<GrantEmail> emailsAbout(BusinessId business, GrantId grant, Option<Before> before, int limit);

    /** Newest first. */
    List<OutboxMessage> list(Status status, Page page);

    /** Newest first, one business's messages only: its page never depends on how many other businesses have. */
    List<OutboxMessage> list(BusinessId business, Status status, Page page);

    Depth depth(Instant now);
}
