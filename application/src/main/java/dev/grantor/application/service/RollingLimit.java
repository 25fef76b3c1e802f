package dev.grantor.application.service;

import dev.grantor.application.port.in.ClientNetwork;
import dev.grantor.application.background.Retention;
import dev.grantor.application.port.out.Throttles;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * At most {@code limit} attempts in any span of {@code span}, however they fall on the clock: attempts are counted in
 * short windows (a sixtieth of the span), and each attempt adds up every window that may hold an attempt of the span
 * before it. The first window counted can start up to one short window before the span does, so the limit holds over
 * a span a sixtieth longer at most, never shorter. Every attempt counts, the refused ones too.
 */
record RollingLimit(Duration span, int limit) {

    static final int WINDOWS_PER_SPAN = 60;
    /** Longer than every limit's span: windows older than this count for none of them. */
    static final Duration KEPT = Duration.ofHours(2);

    RollingLimit {
        if (span.toSeconds() < WINDOWS_PER_SPAN || span.toSeconds() % WINDOWS_PER_SPAN != 0 || limit < 1) {
            throw new IllegalArgumentException("a rolling limit needs a span of whole seconds in " + WINDOWS_PER_SPAN
                    + " windows and a positive limit");
        }
    }

    /**
     * Counts one attempt in the caller's unit of work; answers how long until another would get through when this one is
     * over the limit.
     */
    Option<Duration> counted(Throttles throttles, String bucket, Instant now) {
        long window = span.toSeconds() / WINDOWS_PER_SPAN;
        Instant windowStart = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), window) * window);
        throttles.count(bucket, windowStart);
        var windows = throttles.windowsSince(bucket, windowStart.minus(span));
        long attempts = windows.map(Throttles.Window::attempts).sum().longValue();
        if (attempts <= limit) {
            return Option.none();
        }
        // a window stops counting once the window an attempt falls in starts a whole span after it
        for (var oldest : windows) {
            attempts -= oldest.attempts();
            if (attempts < limit) {
                return Option.some(Duration.between(now, oldest.start().plus(span).plusSeconds(window)));
            }
        }
        throw new IllegalStateException("the attempt just counted is in the windows read back");
    }

    /**
     * {@link #counted} against the client at {@code clientAddress} (as the request's peer or a trusted proxy names it),
     * in the bucket {@code kind:client}: every per-client limit counts a client the same way, an IPv6 /64 as one
     * ({@link ClientNetwork}).
     */
    Option<Duration> countedForClient(Throttles throttles, String kind, String clientAddress, Instant now) {
        return counted(throttles, kind + ":" + ClientNetwork.of(clientAddress), now);
    }

    /**
     * The deletion of the windows no limit counts any more, a chunk at a time: a service that counts attempts runs it as
     * it goes, so that a flood's windows neither stay for good nor all go in the request that comes after it.
     */
    static Retention pastWindows(Throttles throttles, InstantSource clock, System.Logger log) {
        return new Retention("throttle windows no limit counts", Option.some(KEPT), throttles::forgetBefore, clock, log);
    }
}
