package dev.grantor.application.webhook;

import dev.grantor.application.background.Retention;
import dev.grantor.application.background.RetrySchedule;
import io.vavr.control.Option;
import java.time.Duration;

/**
 * How the dispatcher works through due deliveries, and what endpoints a business may register.
 *
 * @param maxInFlight    deliveries being sent at once, across all endpoints
 * @param maxInFlightPerBusiness deliveries of one business being sent at once: a business whose receivers hang
 *                       holds at most this many of the {@code maxInFlight} slots, so the others keep theirs
 * @param maxEndpointsPerBusiness endpoints one business may register
 * @param privateTargetsAllowed whether endpoints may point at loopback, private, link-local and other non-public
 *                       addresses: off for a service on the internet, on for tests and on-premise receivers
 * @param lease          how long a claim hides a delivery from other dispatchers; longer than any send takes
 * @param connectTimeout how long a connection to a receiver may take
 * @param readTimeout    how long a receiver may take to answer once connected
 * @param pollInterval   the pause between looks for due deliveries when nothing woke the dispatcher
 * @param retries        when failed deliveries are tried again
 * @param keepFinished   how long a delivered or failed delivery stays, counted from its creation, before the running
 *                       dispatcher deletes it (none: for good); a pending one is never deleted
 */
public record DispatchPolicy(int maxInFlight, int maxInFlightPerBusiness, int maxEndpointsPerBusiness,
                             boolean privateTargetsAllowed, Duration lease, Duration connectTimeout, Duration readTimeout,
                             Duration pollInterval, RetrySchedule retries,
                             Option<Duration> keepFinished) {

    /**
     * No provider we mirror publishes its number (Stripe allows 16 endpoints per account, PayPal 10 per app); 20
     * covers every real integration we know of and keeps one business's fan-out small.
     */
    public static final int DEFAULT_MAX_ENDPOINTS = 20;

    /** As long as the outbox keeps a sent message: a month of "did my endpoint get it, and what did it answer?". */
    public static final Duration DEFAULT_KEEP_FINISHED = Duration.ofDays(30);

    public DispatchPolicy {
        if (maxInFlight < 1 || maxInFlightPerBusiness < 1 || maxInFlightPerBusiness > maxInFlight || maxEndpointsPerBusiness < 1 || lease == null || connectTimeout == null || readTimeout == null || pollInterval == null
                || retries == null || !Retention.allowed(keepFinished) || connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero() || pollInterval.isNegative()
                || lease.compareTo(connectTimeout.plus(readTimeout).plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("dispatch policy out of bounds: the lease must outlast a send");
        }
    }

    /**
     * 64 at once and 8 of them per business, 20 endpoints per business, public targets only, 15 s to connect and
     * 15 s to answer, a 2 minute lease, the standard retry schedule, finished deliveries kept for 30 days.
     */
    public static DispatchPolicy defaults() {
        return new DispatchPolicy(64, 8, DEFAULT_MAX_ENDPOINTS, false, Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofMillis(500), RetrySchedule.standard(), Option.some(DEFAULT_KEEP_FINISHED));
    }

    public DispatchPolicy withTimeouts(Duration connect, Duration read) {
        var lease = this.lease.compareTo(connect.plus(read).plusSeconds(5)) < 0 ? connect.plus(read).plusSeconds(5) : this.lease;
        return new DispatchPolicy(maxInFlight, maxInFlightPerBusiness, maxEndpointsPerBusiness, privateTargetsAllowed, lease,
                connect, read, pollInterval, retries, keepFinished);
    }

    public DispatchPolicy withPollInterval(Duration interval) {
        return new DispatchPolicy(maxInFlight, maxInFlightPerBusiness, maxEndpointsPerBusiness, privateTargetsAllowed, lease,
                connectTimeout, readTimeout, interval, retries, keepFinished);
    }

    public DispatchPolicy withMaxInFlight(int max) {
        return new DispatchPolicy(max, Math.min(max, maxInFlightPerBusiness), maxEndpointsPerBusiness, privateTargetsAllowed,
                lease, connectTimeout, readTimeout, pollInterval, retries, keepFinished);
    }

    public DispatchPolicy withMaxInFlightPerBusiness(int max) {
        return new DispatchPolicy(maxInFlight, max, maxEndpointsPerBusiness, privateTargetsAllowed, lease, connectTimeout,
                readTimeout, pollInterval, retries, keepFinished);
    }

    public DispatchPolicy withMaxEndpointsPerBusiness(int max) {
        return new DispatchPolicy(maxInFlight, maxInFlightPerBusiness, max, privateTargetsAllowed, lease, connectTimeout,
                readTimeout, pollInterval, retries, keepFinished);
    }

    public DispatchPolicy withKeepFinished(Option<Duration> keeping) {
        return new DispatchPolicy(maxInFlight, maxInFlightPerBusiness, maxEndpointsPerBusiness, privateTargetsAllowed, lease,
                connectTimeout, readTimeout, pollInterval, retries, keeping);
    }

    /** For tests and on-premise receivers: endpoints on loopback and private networks are registered and sent to. */
    public DispatchPolicy withPrivateTargetsAllowed(boolean allowed) {
        return new DispatchPolicy(maxInFlight, maxInFlightPerBusiness, maxEndpointsPerBusiness, allowed, lease, connectTimeout,
                readTimeout, pollInterval, retries, keepFinished);
    }
}
