package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.memory.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Many addresses guessing license keys spend one deployment-wide budget of failed checks. Every request here comes
 * from one address with a per-address limit far away, so what refuses is the budget alone; its clock stands still.
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
}
