package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.TokenBuckets.Decision;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vavr.Lazy;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets of failed license-key checks, on top of the per-address limit. One is deployment-wide: many addresses
 * guessing together spend it, whatever business (if any) the keys they try belong to. One per business is spent by the
 * failed checks of that business's existing keys, so one business's failing keys (a leaked key tried with made-up
 * instance ids, a fleet of expired installs) spend at most its own share of the deployment's budget and slow only its
 * own keys. Once a budget is spent, keys it covers that have not proven themselves lately get a 429 until it refills,
 * while keys that validated or activated lately go on working: an attack slows new guesses without locking out
 * installed software.
 *
 * <p>Metrics: {@value #FAILED_METRIC} and {@value #REFUSED_METRIC} for the deployment, {@value #BUSINESS_FAILED_METRIC},
 * {@value #BUSINESS_REFUSED_METRIC} and the gauge {@value #BUSINESSES_OVER_METRIC} for the businesses' budgets, with no
 * business tag (one time series per business would grow with the tenants); which business is refusing is in the log,
 * one WARN line per {@link #LOG_WINDOW} per budget while it refuses.
 */
final class LicenseGuessBudget {

    static final String FAILED_METRIC = "grantor.licenses.failed.checks";
    static final String REFUSED_METRIC = "grantor.licenses.refused.checks";
    static final String BUSINESS_FAILED_METRIC = "grantor.licenses.business.failed.checks";
    static final String BUSINESS_REFUSED_METRIC = "grantor.licenses.business.refused.checks";
    static final String BUSINESSES_OVER_METRIC = "grantor.licenses.businesses.over.budget";
    static final Duration LOG_WINDOW = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(LicenseGuessBudget.class);
    private static final String DEPLOYMENT = "deployment";
    private static final int MAX_LOGGED_BUSINESSES = 10_000;

    private final TokenBuckets deployment;
    private final TokenBuckets businesses;
    private final Function<String, Option<BusinessId>> owners;
    /** Businesses whose budget a failure left spent; while none is, a check never looks up its key's owner first. */
    private final Set<BusinessId> spent = ConcurrentHashMap.newKeySet();
    private final RecentTokens provenKeys = new RecentTokens();
    private final Counter failed;
    private final Counter refused;
    private final Counter businessFailed;
    private final Counter businessRefused;
    private final AtomicLong deploymentLogged = new AtomicLong(Long.MIN_VALUE);
    private final ConcurrentHashMap<BusinessId, Long> businessLogged = new ConcurrentHashMap<>();

    /** What a check of a well-formed request answers when the key is not one that works: these spend the budgets. */
    private static final Set<ErrorCode> REFUSED_CHECKS = EnumSet.of(ErrorCode.LICENSE_KEY_NOT_FOUND,
            ErrorCode.INACTIVE_LICENSE_KEY, ErrorCode.LICENSE_KEY_LIMIT_REACHED);

    /** {@code owners} tells the business of an existing key, none for a key nobody has. */
    LicenseGuessBudget(RateLimit budget, RateLimit perBusiness, Function<String, Option<BusinessId>> owners,
                       InstantSource clock, MeterRegistry registry) {
        this.deployment = new TokenBuckets(budget, clock);
        this.businesses = new TokenBuckets(perBusiness, clock);
        this.owners = owners;
        this.failed = Counter.builder(FAILED_METRIC)
                .description("license-key checks that failed: unknown key, not valid, or activation refused").register(registry);
        this.refused = Counter.builder(REFUSED_METRIC)
                .description("license-key checks refused with 429 because the deployment's budget of failures was spent")
                .register(registry);
        this.businessFailed = Counter.builder(BUSINESS_FAILED_METRIC)
                .description("failed checks of existing license keys, each charged to the key's business").register(registry);
        this.businessRefused = Counter.builder(BUSINESS_REFUSED_METRIC)
                .description("license-key checks refused with 429 because the key's business had spent its budget of failures")
                .register(registry);
        Gauge.builder(BUSINESSES_OVER_METRIC, this, LicenseGuessBudget::businessesOverBudget)
                .description("businesses whose budget of failed license-key checks is spent now").register(registry);
    }

    /**
     * Every public route that takes a license key as its credential goes through here: a well-formed command runs unless
     * a budget refuses its key; a failed check spends the budgets (an answer of {@code false} counts as failed), and a
     * success proves the key.
     */
    <C, R> Reply guarded(Either<GrantorError, C> command, Function<C, String> licenseKey, BiFunction<C, Check, Either<GrantorError, R>> run,
                         Function<Either<GrantorError, R>, Reply> reply) {
        return guarded(command, licenseKey, run, reply, (check, work) -> work.get());
    }

    /**
     * As {@link #guarded(Either, Function, BiFunction, Function)}, with {@code once} deciding how the checked work runs:
     * it may answer from the idempotency store instead (and then tells {@link #replayed}). The budgets are asked before
     * it, so a stored answer is no way past a spent budget.
     */
    <C, R> Reply guarded(Either<GrantorError, C> command, Function<C, String> licenseKey, BiFunction<C, Check, Either<GrantorError, R>> run,
                         Function<Either<GrantorError, R>, Reply> reply, BiFunction<Check, Supplier<Reply>, Reply> once) {
        if (command.isLeft()) {
            return ErrorReplies.of(command.getLeft());
        }
        var check = check(licenseKey.apply(command.get()));
        var refusal = refusal(check);
        if (refusal.isDefined()) {
            return refusal.get();
        }
        return once.apply(check, () -> {
            Either<GrantorError, R> outcome = run.apply(command.get(), check);
            if (Boolean.FALSE.equals(outcome.getOrNull()) || outcome.isLeft() && REFUSED_CHECKS.contains(outcome.getLeft().code())) {
                failed(check);
            } else if (outcome.isRight()) {
                proven(check);
            }
            return reply.apply(outcome);
        });
    }

    /**
     * An answer given again from the idempotency store counts as the check it repeats: a stored refusal spends the budgets
     * again, as sending the request without a key would, and a stored success proves the key.
     */
    void replayed(Check check, Reply answer) {
        if (answer.status() / 100 == 2) {
            proven(check);
            return;
        }
        var body = WireJson.read(answer.body().getBytes(StandardCharsets.UTF_8));
        String code = body == null ? "" : body.path("code").asText();
        if (REFUSED_CHECKS.stream().anyMatch(refused -> refused.name().equals(code))) {
            failed(check);
        }
    }

    /**
     * One check of one key: its digest and its owner, each worked out at most once and only when a budget asks; the
     * owner not at all when the check itself tells it.
     */
    final class Check {
        private final Lazy<String> digest;
        private Lazy<Option<BusinessId>> owner;

        private Check(String licenseKey) {
            this.digest = Lazy.of(() -> IdempotentExecution.sha256(licenseKey));
            this.owner = Lazy.of(() -> owners.apply(licenseKey));
        }

        /** The business that holds the key (none: nobody does), read at most once a check. */
        Option<BusinessId> owner() {
            return owner.get();
        }

        /** The key's SHA-256, so that nothing kept in memory or stored holds the key itself. */
        String digest() {
            return digest.get();
        }

        /** The key's owner as the check read it (none: nobody has the key). */
        void ownerIs(Option<BusinessId> business) {
            owner = Lazy.of(() -> business);
        }
    }

    Check check(String licenseKey) {
        return new Check(licenseKey);
    }

    /** A 429 when a budget that covers the key is spent and the key has not proven itself lately. */
    Option<Reply> refusal(Check check) {
        if (deployment.peek(DEPLOYMENT) instanceof Decision.Refused exhausted && !provenLately(check)) {
            refused.increment();
            long now = System.nanoTime();
            long last = deploymentLogged.get();
            if ((last == Long.MIN_VALUE || now - last >= LOG_WINDOW.toNanos()) && deploymentLogged.compareAndSet(last, now)) {
                log.warn("the deployment's budget of failed license-key checks is spent: unproven keys get 429 until it refills"
                        + " ({} refused so far)", (long) refused.count());
            }
            return Option.some(RequestPipeline.rateLimited(exhausted));
        }
        spent.removeIf(business -> businesses.peek(business.value()) instanceof Decision.Allowed);
        if (spent.isEmpty() || provenLately(check)) {
            return Option.none();
        }
        return check.owner.get().filter(spent::contains).flatMap(business ->
                businesses.peek(business.value()) instanceof Decision.Refused exhausted
                        ? Option.some(refuseFor(business, exhausted)) : Option.none());
    }

    /** A failed check spends the deployment's budget and, when the key exists, its business's. */
    void failed(Check check) {
        failed.increment();
        deployment.take(DEPLOYMENT);
        check.owner.get().forEach(business -> {
            businessFailed.increment();
            businesses.take(business.value());
            if (businesses.peek(business.value()) instanceof Decision.Refused) {
                spent.add(business);
            }
        });
    }

    void proven(Check check) {
        provenKeys.remember(check.digest.get());
    }

    private boolean provenLately(Check check) {
        return provenKeys.contains(check.digest.get());
    }

    private Reply refuseFor(BusinessId business, Decision.Refused exhausted) {
        businessRefused.increment();
        long now = System.nanoTime();
        boolean[] due = {false};
        businessLogged.compute(business, (id, last) -> {
            due[0] = last == null || now - last >= LOG_WINDOW.toNanos();
            return due[0] ? now : last;
        });
        if (due[0]) {
            log.warn("business {} has spent its budget of failed license-key checks: its unproven keys get 429 until it refills",
                    business.value());
        }
        if (businessLogged.size() > MAX_LOGGED_BUSINESSES) {
            businessLogged.values().removeIf(at -> now - at >= LOG_WINDOW.toNanos());
        }
        return RequestPipeline.rateLimited(exhausted);
    }

    private double businessesOverBudget() {
        return spent.stream().filter(business -> businesses.peek(business.value()) instanceof Decision.Refused).count();
    }
}
