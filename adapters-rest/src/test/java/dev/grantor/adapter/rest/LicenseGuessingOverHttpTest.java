package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Many addresses guessing license keys spend one deployment-wide budget of failed checks; the failed checks of a
 * business's existing keys also spend that business's own budget. Every request here comes from one address with a
 * per-address limit far away, so what refuses is a budget alone; its clock stands still.
 */
class LicenseGuessingOverHttpTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger budgetLog;

    @BeforeEach
    void capture() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        budgetLog = context.getLogger(LicenseGuessBudget.class);
        captured.setContext(context);
        captured.start();
        budgetLog.addAppender(captured);
    }

    @AfterEach
    void release() {
        budgetLog.detachAppender(captured);
    }

    @Test
    void past_the_budget_unknown_keys_get_429_while_a_key_that_worked_keeps_working() {
        var clock = new MutableClock();
        try (var server = new ApiServer(settings -> settings.withClock(clock)
                .withLicenseFailureBudget(new RateLimit(5, 0.001)), null)) {
            var grant = server.issue(server.a, server.manualEntitlement(server.a), "ada@example.com");
            server.fulfill(server.a, grant.path("id").asText(), "REAL-KEY-0001-ABCD");
            assertThat(server.post("/licenses/validate", null, json("license_key", "REAL-KEY-0001-ABCD")).json()
                    .path("valid").asBoolean()).isTrue();

            for (int i = 0; i < 5; i++) {
                var guess = server.post("/licenses/validate", null, json("license_key", "GUESS-" + i));
                assertThat(guess.status()).isEqualTo(200);
                assertThat(guess.json().path("valid").asBoolean()).isFalse();
            }
            for (String path : new String[] {"/licenses/validate", "/licenses/activate", "/licenses/deactivate"}) {
                var refused = server.post(path, null, json("license_key", "GUESS-MORE", "name", "pc",
                        "license_key_instance_id", "lki_x"));
                assertThat(refused.status()).as(path).isEqualTo(429);
                assertThat(refused.code()).isEqualTo("RATE_LIMITED");
                assertThat(refused.header("retry-after")).isNotBlank();
            }

            var proven = server.post("/licenses/validate", null, json("license_key", "REAL-KEY-0001-ABCD"));
            assertThat(proven.status()).isEqualTo(200);
            assertThat(proven.json().path("valid").asBoolean()).isTrue();
            String metrics = server.get("/metrics", null).raw();
            assertThat(metrics).contains("grantor_licenses_failed_checks_total 5.0")
                    .contains("grantor_licenses_refused_checks_total 3.0");
            assertThat(captured.list).as("one log line per window, not one per refusal").hasSize(1);

            clock.advance(Duration.ofSeconds(1_000));
            assertThat(server.post("/licenses/validate", null, json("license_key", "GUESS-LATER")).status())
                    .as("the budget refills with time").isEqualTo(200);
        }
    }

    @Test
    void a_check_out_spends_and_obeys_the_same_budget_as_the_other_public_license_routes() {
        var clock = new MutableClock();
        try (var server = new ApiServer(settings -> settings.withClock(clock)
                .withLicenseFailureBudget(new RateLimit(3, 0.001)), null)) {
            var grant = server.issue(server.a, server.manualEntitlement(server.a), "ada@example.com");
            server.fulfill(server.a, grant.path("id").asText(), "REAL-KEY-0001-ABCD");
            assertThat(server.post("/licenses/check-out", null, json("license_key", "REAL-KEY-0001-ABCD")).status()).isEqualTo(200);

            for (int i = 0; i < 3; i++) {
                assertThat(server.post("/licenses/check-out", null, json("license_key", "GUESS-" + i)).code())
                        .isEqualTo("LICENSE_KEY_NOT_FOUND");
            }
            for (String path : new String[] {"/licenses/check-out", "/licenses/validate"}) {
                var refused = server.post(path, null, json("license_key", "GUESS-MORE"));
                assertThat(refused.status()).as(path).isEqualTo(429);
                assertThat(refused.header("retry-after")).isNotBlank();
            }

            assertThat(server.post("/licenses/check-out", null, json("license_key", "REAL-KEY-0001-ABCD")).status())
                    .as("a key that proved itself keeps getting its file").isEqualTo(200);
            assertThat(server.get("/metrics", null).raw()).contains("grantor_licenses_failed_checks_total 3.0");
        }
    }

    @Test
    void past_its_budget_a_business_s_unproven_keys_get_429_while_its_proven_keys_and_every_other_business_keep_working() {
        var clock = new MutableClock();
        try (var server = new ApiServer(settings -> settings.withClock(clock)
                .withLicenseFailureBudgetPerBusiness(new RateLimit(4, 0.001)), null)) {
            String failing = key(server, server.b, "B-FAILING-0001");
            String proven = key(server, server.b, "B-PROVEN-0002");
            String fresh = key(server, server.b, "B-FRESH-0003");
            String otherFresh = key(server, server.a, "A-FRESH-0004");
            String otherFailing = key(server, server.a, "A-FAILING-0005");
            assertThat(server.post("/licenses/activate", null, json("license_key", proven, "name", "one")).status()).isEqualTo(201);
            assertThat(server.post("/licenses/activate", null, json("license_key", proven, "name", "two")).status()).isEqualTo(201);

            // B's budget is 4: four failed checks of B's keys, each a different way of failing, are all answered...
            assertThat(validity(server, failing, "lki_nope")).isFalse();
            for (int i = 0; i < 10; i++) {
                assertThat(validity(server, "GUESS-" + i, null)).as("an unknown key belongs to no business").isFalse();
            }
            assertThat(server.post("/licenses/deactivate", null, json("license_key", failing, "license_key_instance_id", "lki_nope"))
                    .code()).isEqualTo("LICENSE_KEY_NOT_FOUND");
            assertThat(server.post("/licenses/activate", null, json("license_key", proven, "name", "three")).code())
                    .isEqualTo("LICENSE_KEY_LIMIT_REACHED");
            assertThat(validity(server, failing, "not-an-instance-id")).isFalse();

            // ...and the fifth is not: B's keys that have not worked lately get 429 on every route.
            for (String[] request : new String[][] {{"/licenses/validate", failing}, {"/licenses/validate", fresh},
                    {"/licenses/activate", fresh}, {"/licenses/deactivate", failing}}) {
                var refused = server.post(request[0], null, json("license_key", request[1], "name", "pc",
                        "license_key_instance_id", "lki_x"));
                assertThat(refused.status()).as(request[0] + " " + request[1]).isEqualTo(429);
                assertThat(refused.code()).isEqualTo("RATE_LIMITED");
                assertThat(refused.header("retry-after")).isNotBlank();
            }
            assertThat(validity(server, proven, null)).as("B's key that worked lately keeps working").isTrue();

            assertThat(validity(server, otherFresh, null)).as("A's never-checked key").isTrue();
            for (int i = 0; i < 4; i++) {
                assertThat(validity(server, otherFailing, "lki_nope")).as("A's own budget of 4, all answered").isFalse();
            }
            assertThat(validity(server, "GUESS-AFTER", null)).as("the deployment's budget is untouched").isFalse();

            String metrics = server.get("/metrics", null).raw();
            assertThat(metrics).contains("grantor_licenses_business_failed_checks_total 8.0")
                    .contains("grantor_licenses_business_refused_checks_total 4.0")
                    .contains("grantor_licenses_businesses_over_budget 2.0")
                    .contains("grantor_licenses_refused_checks_total 0.0");
            assertThat(captured.list).as("one line per business and window, naming the business")
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains(server.b.business().value());

            clock.advance(Duration.ofSeconds(10_000));
            assertThat(validity(server, fresh, null)).as("the budget refills with time").isTrue();
        }
    }

    @Test
    void a_failed_validation_learns_its_key_s_owner_from_the_read_that_judged_it_and_reads_the_key_only_once() {
        var clock = new MutableClock();
        var ownerReads = new AtomicInteger();
        try (var server = new ApiServer(settings -> settings.withClock(clock)
                .withLicenseFailureBudgetPerBusiness(new RateLimit(3, 0.001)),
                useCases -> new RestApi.UseCases(useCases.entitlements(), useCases.issuing(), useCases.fulfillment(),
                        useCases.grants(), countingOwnerReads(useCases.licensing(), ownerReads), useCases.access(),
                        useCases.outboxAdministration(), useCases.idempotentRequests()))) {
            String failing = key(server, server.b, "B-FAILING-0001");
            String fresh = key(server, server.b, "B-FRESH-0002");

            for (int i = 0; i < 2; i++) {
                assertThat(validity(server, failing, "lki_nope")).isFalse();
                assertThat(validity(server, "GUESS-" + i, null)).isFalse();
            }
            assertThat(validity(server, failing, "not-an-instance-id")).isFalse();
            assertThat(ownerReads).as("no failed validation read its key's owner apart").hasValue(0);
            assertThat(server.get("/metrics", null).raw()).contains("grantor_licenses_business_failed_checks_total 3.0")
                    .contains("grantor_licenses_failed_checks_total 5.0");
            var refused = server.post("/licenses/validate", null, json("license_key", fresh));
            assertThat(refused.status()).as("B's three failures were charged to B: its budget is spent").isEqualTo(429);
        }
    }

    private static Licensing countingOwnerReads(Licensing licensing, AtomicInteger ownerReads) {
        return new Licensing() {
            @Override
            public Either<GrantorError, Activation> activate(ActivateLicense command) {
                return licensing.activate(command);
            }

            @Override
            public Either<GrantorError, Verdict> check(ValidateLicense command) {
                return licensing.check(command);
            }

            @Override
            public Either<GrantorError, LicenseKey> deactivate(DeactivateLicense command) {
                return licensing.deactivate(command);
            }

            @Override
            public Option<BusinessId> keyOwner(String licenseKey) {
                ownerReads.incrementAndGet();
                return licensing.keyOwner(licenseKey);
            }
        };
    }

    private static String key(ApiServer server, ApiServer.Tenant tenant, String value) {
        var grant = server.issue(tenant, server.manualEntitlement(tenant), "ada@example.com");
        server.fulfill(tenant, grant.path("id").asText(), value);
        return value;
    }

    private static boolean validity(ApiServer server, String licenseKey, String instance) {
        var body = instance == null ? json("license_key", licenseKey)
                : json("license_key", licenseKey, "license_key_instance_id", instance);
        var answer = server.post("/licenses/validate", null, body);
        assertThat(answer.status()).as("validate " + licenseKey).isEqualTo(200);
        return answer.json().path("valid").asBoolean();
    }
}
