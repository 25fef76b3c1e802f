package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.TokenBuckets.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deployment-wide budget of failed license-key checks (an unknown key, or {@code valid: false}), on top of the
 * per-address limit: many addresses guessing together spend one budget. Once it is spent, keys that have not
 * proven themselves lately get a 429 until it refills, while keys that validated or activated lately go on working,
 * so an attack slows new guesses without locking out installed software. Counted in
 * {@value #FAILED_METRIC} and {@value #REFUSED_METRIC}; logged once per {@link #LOG_WINDOW} while refusing.
 *
 * <p>A failed check for an unknown key belongs to no business, which is why the budget is deployment-wide: a
 * per-business budget could only count the failures of keys that exist, which are not guesses.
 */
final class LicenseGuessBudget {

    static final String FAILED_METRIC = "grantor.licenses.failed.checks";
    static final String REFUSED_METRIC = "grantor.licenses.refused.checks";
    static final Duration LOG_WINDOW = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(LicenseGuessBudget.class);
    private static final String DEPLOYMENT = "deployment";

    private final TokenBuckets failures;
    private final RecentTokens provenKeys = new RecentTokens();
    private final Counter failed;
    private final Counter refused;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    LicenseGuessBudget(RateLimit budget, InstantSource clock, MeterRegistry registry) {
        this.failures = new TokenBuckets(budget, clock);
        this.failed = Counter.builder(FAILED_METRIC).description("license-key checks that failed: unknown key or not valid")
                .register(registry);
        this.refused = Counter.builder(REFUSED_METRIC)
                .description("license-key checks refused with 429 because the deployment's budget of failures was spent")
                .register(registry);
    }

    /** A 429 when the budget is spent and {@code licenseKey} has not proven itself lately; null when it may be checked. */
    Reply refusal(String licenseKey) {
        if (failures.peek(DEPLOYMENT) instanceof Decision.Refused spent && !provenKeys.contains(IdempotentExecution.sha256(licenseKey))) {
            refused.increment();
            long now = System.nanoTime();
            long last = lastLogged.get();
            if ((last == Long.MIN_VALUE || now - last >= LOG_WINDOW.toNanos()) && lastLogged.compareAndSet(last, now)) {
                log.warn("the deployment's budget of failed license-key checks is spent: unproven keys get 429 until it refills"
                        + " ({} refused so far)", (long) refused.count());
            }
            return RequestPipeline.rateLimited(spent);
        }
        return null;
    }

    void failed() {
        failed.increment();
        failures.take(DEPLOYMENT);
    }

    void proven(String licenseKey) {
        provenKeys.remember(IdempotentExecution.sha256(licenseKey));
    }
}
