package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.HttpAnswer;
import dev.grantor.application.port.in.Access;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Guessing API keys from one address: refused cheaply, quietly, and without locking out the key that works. */
class RefusedGuessesOverHttpTest {

    private final AtomicInteger lookups = new AtomicInteger();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger access;
    private Level accessLevel;

    @BeforeEach
    void capture() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        access = context.getLogger(RestApi.ACCESS_LOGGER);
        accessLevel = access.getLevel();
        access.setLevel(Level.INFO);
        captured.setContext(context);
        captured.start();
        access.addAppender(captured);
    }

    @AfterEach
    void release() {
        access.detachAppender(captured);
        access.setLevel(accessLevel);
    }

    /** The engine's own Access, counting the lookups it makes (each is a database read behind a digest). */
    private Access counting(Access real) {
        return (Access) Proxy.newProxyInstance(Access.class.getClassLoader(), new Class<?>[] {Access.class}, (proxy, method, args) -> {
            if (method.getName().equals("authenticate")) {
                lookups.incrementAndGet();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private ApiServer server() {
        return new ApiServer(settings -> settings.withRateLimits(new RateLimit(100_000, 100_000), new RateLimit(3, 0.001)),
                useCases -> new RestApi.UseCases(useCases.entitlements(), useCases.issuing(), useCases.fulfillment(),
                        useCases.grants(), useCases.licensing(), counting(useCases.access()), useCases.outboxAdministration(),
                        useCases.idempotentRequests(), useCases.webhooks()));
    }

    @Test
    void past_the_limit_guesses_are_refused_without_a_lookup_and_the_working_key_still_works() {
        try (var server = server()) {
            assertThat(server.get("/entitlements", server.a.readKey()).status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(server.get("/entitlements", "gnt_guess_" + i).status()).isEqualTo(401);
            }
            int lookupsAtTheLimit = lookups.get();

            for (int i = 0; i < 200; i++) {
                var refused = server.get("/entitlements", "gnt_guess_more_" + i);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.code()).isEqualTo("RATE_LIMITED");
                assertThat(refused.header("retry-after")).isNotBlank();
            }

            assertThat(lookups.get()).as("no lookup for a refused guess").isEqualTo(lookupsAtTheLimit);
            assertThat(server.get("/entitlements", server.a.readKey()).status()).isEqualTo(200);
            assertThat(server.get("/entitlements", null).status()).as("no key at all is a guess too").isEqualTo(429);
        }
    }

    @Test
    void refused_requests_are_counted_in_one_access_log_line_not_logged_one_by_one() {
        try (var server = server()) {
            server.get("/entitlements", server.a.readKey());
            for (int i = 0; i < 150; i++) {
                server.get("/entitlements", "gnt_guess_" + i);
            }
        }

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).noneMatch(line -> line.contains(" 401 ") || line.contains(" 429 "));
        assertThat(lines).filteredOn(line -> line.startsWith("refused ")).hasSizeBetween(1, 2)
                .allSatisfy(line -> assertThat(line).containsPattern("x 401, \\d+ x 429"));
        long counted = lines.stream().filter(line -> line.startsWith("refused "))
                .mapToLong(line -> Long.parseLong(line.split(" ")[1])).sum();
        assertThat(counted).isEqualTo(150);
        assertThat(lines).anyMatch(line -> line.startsWith("GET /entitlements 200 "));
    }

    @Test
    void requests_jetty_could_not_read_are_counted_in_the_same_line() {
        try (var server = server()) {
            for (int i = 0; i < 40; i++) {
                HttpAnswer.exchange(server.api.port(), "GET /he\0alth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            }
            server.get("/entitlements", "gnt_guess");
        }

        List<String> refused = captured.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("refused ")).toList();
        assertThat(refused).isNotEmpty();
        assertThat(refused.stream().mapToLong(line -> Long.parseLong(line.replaceAll(".* (\\d+) unreadable$", "$1"))).sum())
                .isEqualTo(40);
        assertThat(refused.stream().mapToLong(line -> Long.parseLong(line.split(" ")[1])).sum()).isEqualTo(41);
    }
}
