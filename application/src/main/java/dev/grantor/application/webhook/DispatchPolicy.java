package dev.grantor.application.webhook;

import java.time.Duration;

/**
 * How the dispatcher works through due deliveries.
 *
 * @param maxInFlight    deliveries being sent at once, across all endpoints
 * @param lease          how long a claim hides a delivery from other dispatchers; longer than any send takes
 * @param connectTimeout how long a connection to a receiver may take
 * @param readTimeout    how long a receiver may take to answer once connected
 * @param pollInterval   the pause between looks for due deliveries when nothing woke the dispatcher
 * @param retries        when failed deliveries are tried again
 */
public record DispatchPolicy(int maxInFlight, Duration lease, Duration connectTimeout, Duration readTimeout,
                             Duration pollInterval, RetrySchedule retries) {

    public DispatchPolicy {
        if (maxInFlight < 1 || lease == null || connectTimeout == null || readTimeout == null || pollInterval == null
                || retries == null || connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
                || readTimeout.isZero() || pollInterval.isNegative()
                || lease.compareTo(connectTimeout.plus(readTimeout).plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("dispatch policy out of bounds: the lease must outlast a send");
        }
    }

    /** 64 at once, 15 s to connect and 15 s to answer, a 2 minute lease, the standard retry schedule. */
    public static DispatchPolicy defaults() {
        return new DispatchPolicy(64, Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofMillis(500), RetrySchedule.standard());
    }

    public DispatchPolicy withTimeouts(Duration connect, Duration read) {
        var lease = this.lease.compareTo(connect.plus(read).plusSeconds(5)) < 0 ? connect.plus(read).plusSeconds(5) : this.lease;
        return new DispatchPolicy(maxInFlight, lease, connect, read, pollInterval, retries);
    }

    public DispatchPolicy withPollInterval(Duration interval) {
        return new DispatchPolicy(maxInFlight, lease, connectTimeout, readTimeout, interval, retries);
    }

    public DispatchPolicy withMaxInFlight(int max) {
        return new DispatchPolicy(max, lease, connectTimeout, readTimeout, pollInterval, retries);
    }
}
