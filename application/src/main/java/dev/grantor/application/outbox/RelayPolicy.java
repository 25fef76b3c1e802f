package dev.grantor.application.outbox;

import dev.grantor.application.background.Retention;
import dev.grantor.application.background.RetrySchedule;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How the outbox relay works through the outbox: how much it claims at once, how long a claim lasts, and
 * how it spaces retries. Retry delays double from {@code baseDelay} up to {@code maxDelay}; each is spread
 * by up to {@code jitter} of itself either way, so messages that failed together do not retry together.
 *
 * @param batchSize    messages claimed per pass; the mailer gets the emails among them at most
 *                     {@link OutboxRelay#EMAILS_PER_SEND} at a time
 * @param maxAttempts  failed attempts after which a message is parked
 * @param baseDelay    delay after the first failure
 * @param maxDelay     the longest delay between two attempts
 * @param lease        how long a claim hides a message from other relays; a pass stops handing emails to the mailer
 *                     once it has used half of it, and what it did not hand over falls due again when the lease ends
 * @param jitter       fraction in [0, 1) by which each delay is spread
 * @param pollInterval pause after a pass that found less than a full batch
 * @param window       how long the running relay, once nudged, lets more messages gather before it claims (unless a
 *                     batch's worth of nudges came first), and how long it keeps what it sent unsettled to settle it
 *                     in the write that claims its next pass; 0 claims at once and settles every pass by itself.
 *                     Shorter than the lease and at most {@link #MAX_WINDOW}: it delays each email by at most itself.
 * @param keepSent     how long a sent message stays in the outbox, counted from its creation, before the running relay
 *                     deletes it; none keeps every message for good
 */
public record RelayPolicy(int batchSize, int maxAttempts, Duration baseDelay, Duration maxDelay, Duration lease,
                          double jitter, Duration pollInterval, Duration window, Option<Duration> keepSent) {

    public static final int DEFAULT_BATCH_SIZE = 250;

    /** The longest gathering window: an email waits at most this long for company. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(1);

    /** Long enough that a single client's fulfillments (a few ms each, tens under load) share a claim and a settle; nothing to an email. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(50);

    /** Long enough to answer "was it sent, and when?" for a month's support requests; bounds the table to a month. */
    public static final Duration DEFAULT_KEEP_SENT = Duration.ofDays(30);

    /** A hundred years: past it a cutoff before the epoch would mean nothing to a store. */
    public static final long MAX_KEEP_SENT_DAYS = Retention.MAX_KEEP_DAYS;
    public static final Duration MAX_KEEP_SENT = Retention.MAX_KEEP;

    public RelayPolicy {
        if (batchSize < 1 || maxAttempts < 1 || baseDelay == null || maxDelay == null || lease == null || pollInterval == null
                || window == null || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || lease.isNegative()
                || lease.isZero() || pollInterval.isNegative() || !(jitter >= 0 && jitter < 1) || window.isNegative()
                || window.compareTo(MAX_WINDOW) > 0 || window.compareTo(lease) >= 0 || !Retention.allowed(keepSent)) {
            throw new IllegalArgumentException("relay policy out of bounds");
        }
    }

    /**
     * Claims of {@value #DEFAULT_BATCH_SIZE}: whatever its size, a pass costs one write (settling the pass before and
     * claiming its own) and a read of webhook endpoints, and under load those wait their turn on cores the requests
     * share. Claiming 50, the relay fell further behind the requests with every second of a sustained load.
     */
    public static RelayPolicy defaults() {
        return new RelayPolicy(DEFAULT_BATCH_SIZE, 10, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(60), 0.2,
                Duration.ofMillis(500), DEFAULT_WINDOW,
                Option.some(DEFAULT_KEEP_SENT));
    }

    public RelayPolicy withBatchSize(int size) {
        return new RelayPolicy(size, maxAttempts, baseDelay, maxDelay, lease, jitter, pollInterval, window, keepSent);
    }

    public RelayPolicy withMaxAttempts(int attempts) {
        return new RelayPolicy(batchSize, attempts, baseDelay, maxDelay, lease, jitter, pollInterval, window, keepSent);
    }

    public RelayPolicy withPollInterval(Duration interval) {
        return new RelayPolicy(batchSize, maxAttempts, baseDelay, maxDelay, lease, jitter, interval, window, keepSent);
    }

    public RelayPolicy withJitter(double fraction) {
        return new RelayPolicy(batchSize, maxAttempts, baseDelay, maxDelay, lease, fraction, pollInterval, window, keepSent);
    }

    public RelayPolicy withWindow(Duration gathering) {
        return new RelayPolicy(batchSize, maxAttempts, baseDelay, maxDelay, lease, jitter, pollInterval, gathering, keepSent);
    }

    /** Sent messages kept for {@code keeping} after their creation; none keeps them for good. */
    public RelayPolicy withKeepSent(Option<Duration> keeping) {
        return new RelayPolicy(batchSize, maxAttempts, baseDelay, maxDelay, lease, jitter, pollInterval, window, keeping);
    }

    /** When a failed message is tried again: the type the webhook dispatcher's schedule is too. */
    public RetrySchedule retries() {
        return new RetrySchedule.Doubling(maxAttempts, baseDelay, maxDelay, jitter);
    }

    /** The delay after failed attempt number {@code attempt} (1-based), before jitter. */
    public Duration nominalDelay(int attempt) {
        return retries().nominalDelay(attempt);
    }

    /** The nominal delay spread by a uniform factor in [1 - jitter, 1 + jitter], never beyond {@code maxDelay}. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        return retries().spread(nominalDelay(attempt), random);
    }
}
