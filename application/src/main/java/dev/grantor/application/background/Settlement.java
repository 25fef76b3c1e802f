package dev.grantor.application.background;

import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What becomes of an item after a failed attempt, for both background senders: tried again later, or given up
 * (parked in the outbox, failed for a webhook) with what went wrong last. Success needs no decision.
 */
public sealed interface Settlement {

    /** What is kept of a failure's reason: enough to act on, bounded so that a chatty adapter cannot bloat a row. */
    int MAX_ERROR_LENGTH = 1000;

    int attempts();

    String error();

    record Retry(int attempts, String error, Duration delay, Instant at) implements Settlement {}

    record GiveUp(int attempts, String error) implements Settlement {}

    /**
     * After failed attempt number {@code attempts}: given up when the failure is permanent or the schedule has run
     * out, else tried again after the schedule's next delay. {@code error} should already be free of secrets.
     */
    static Settlement afterFailure(RetrySchedule schedule, int attempts, String error, boolean permanent, Instant now,
                                   RandomGenerator random) {
        String kept = clip(error);
        Option<Duration> delay = permanent ? Option.none() : schedule.delayAfter(attempts, random);
        return delay.<Settlement>map(d -> new Retry(attempts, kept, d, now.plus(d))).getOrElse(() -> new GiveUp(attempts, kept));
    }

    /**
     * A blank reason becomes "no reason given"; a long one is cut at {@link #MAX_ERROR_LENGTH} characters, before a
     * character that the cut would split (an emoji's two halves: half of one is no text a store or page can carry).
     */
    static String clip(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        return dev.grantor.domain.shared.Text.clip(text, MAX_ERROR_LENGTH);
    }
}
