package dev.grantor.adapter.rest;

import java.time.Duration;
import java.time.InstantSource;

/**
 * How the HTTP API runs. {@code port} 0 picks a free port. The two rate limits are token buckets: one per
 * API key on merchant endpoints; one per client address on the public {@code /licenses/*} endpoints, which
 * also bounds failed authentications per client address (both are where keys could be guessed). The client's address is
 * the TCP peer's, or what a {@link TrustedProxies trusted proxy} says it is.
 */
public record RestSettings(String host, int port, int maxBodyBytes, RateLimit merchantRateLimit,
                           RateLimit licenseRateLimit, Duration idempotencyTtl, Duration shutdownGrace,
                           InstantSource clock, Duration headerReadDeadline, RateLimit licenseFailureBudget,
                           RateLimit licenseFailureBudgetPerBusiness, TrustedProxies trustedProxies) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEADER_READ_DEADLINE = Duration.ofSeconds(10);
    /** Failed license-key checks per second across the deployment, bursts of a minute's worth. */
    public static final RateLimit DEFAULT_LICENSE_FAILURE_BUDGET = new RateLimit(600, 10);
    /**
     * Failed checks of one business's existing keys per second, bursts of a minute's worth: half the deployment's, so
     * one business's failing keys never spend the whole deployment's budget.
     */
    public static final RateLimit DEFAULT_LICENSE_FAILURE_BUDGET_PER_BUSINESS = new RateLimit(300, 5);

    /** A bucket of {@code capacity} tokens, refilled at {@code perSecond}; each request takes one. */
    public record RateLimit(int capacity, double perSecond) {
        public RateLimit {
            if (capacity < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("a rate limit needs a capacity >= 1 and a positive refill rate");
            }
        }
    }

    public RestSettings {
        if (host == null || host.isBlank() || port < 0 || port > 65_535 || maxBodyBytes < 1 || merchantRateLimit == null
                || licenseRateLimit == null || idempotencyTtl == null || idempotencyTtl.isNegative()
                || shutdownGrace == null || shutdownGrace.isNegative() || clock == null || headerReadDeadline == null
                || !headerReadDeadline.isPositive() || licenseFailureBudget == null || licenseFailureBudgetPerBusiness == null
                || trustedProxies == null) {
            throw new IllegalArgumentException("incomplete or out-of-range REST settings");
        }
    }

    /** Loopback, port 8080, 64 KiB bodies, 50 requests/s per API key (bursts of 100), 10/s per address on licenses. */
    public static RestSettings defaults() {
        return new RestSettings("127.0.0.1", 8080, DEFAULT_MAX_BODY_BYTES, new RateLimit(100, 50), new RateLimit(20, 10),
                Duration.ofHours(24), Duration.ofSeconds(10), InstantSource.system(), DEFAULT_HEADER_READ_DEADLINE,
                DEFAULT_LICENSE_FAILURE_BUDGET, DEFAULT_LICENSE_FAILURE_BUDGET_PER_BUSINESS, TrustedProxies.none());
    }

    public RestSettings withHost(String newHost) {
        return new RestSettings(newHost, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withPort(int newPort) {
        return new RestSettings(host, newPort, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withRateLimits(RateLimit merchant, RateLimit license) {
        return new RestSettings(host, port, maxBodyBytes, merchant, license, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withClock(InstantSource newClock) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, newClock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withShutdownGrace(Duration grace) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, grace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withHeaderReadDeadline(Duration deadline) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, deadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    /** The deployment-wide budget of failed license-key checks (unknown key, {@code valid: false}, activation refused). */
    public RestSettings withLicenseFailureBudget(RateLimit budget) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, budget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    /** The budget of failed checks of one business's existing keys (not valid, unknown instance, activation refused). */
    public RestSettings withLicenseFailureBudgetPerBusiness(RateLimit budget) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, licenseFailureBudget, budget, trustedProxies);
    }

    /**
     * The proxies whose {@code X-Forwarded-For} names the client; from any other peer the header is ignored and the
     * peer is the client.
     */
    public RestSettings withTrustedProxies(TrustedProxies proxies) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, proxies);
    }
}
