package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingOverHttpTest {

    private static final ApiServer server = new ApiServer();
    private static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private static Logger root;
    private static Logger access;
    private static Level accessLevel;

    @BeforeAll
    static void capture() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        access = context.getLogger(RestApi.ACCESS_LOGGER);
        accessLevel = access.getLevel();
        access.setLevel(Level.INFO);
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
    }

    @AfterAll
    static void release() {
        root.detachAppender(captured);
        access.setLevel(accessLevel);
        server.close();
    }

    @Test
    void the_access_log_has_route_status_and_latency_under_the_request_id_and_no_secret() {
        String entitlementId = server.manualEntitlement(server.a);
        var grant = server.send("POST", "/entitlements/" + entitlementId + "/grants", server.a.writeKey(),
                json("customer", json("email", "secret.person@example.com")), "X-Request-Id", "trace-me-1");
        String grantId = grant.json().path("id").asText();
        server.send("POST", "/grants/" + grantId + "/license-key", server.a.writeKey(), json("key", "SECRET-KEY-VALUE"),
                "X-Request-Id", "trace-me-2");
        server.post("/licenses/validate", "another-token", json("license_key", "SECRET-KEY-VALUE"));
        server.get("/entitlements", "wrong-token-value");

        List<ILoggingEvent> events = List.copyOf(captured.list);
        var accessLines = events.stream().filter(e -> e.getLoggerName().equals(RestApi.ACCESS_LOGGER)).toList();
        assertThat(accessLines).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).startsWith("POST /grants/{grant_id}/license-key 200 ").endsWith("ms");
            assertThat(e.getMDCPropertyMap()).containsEntry(RestApi.REQUEST_ID_MDC, "trace-me-2");
        });
        assertThat(accessLines).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey(RestApi.REQUEST_ID_MDC));
        for (var event : events) {
            String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap();
            assertThat(line).doesNotContain(server.a.writeKey(), server.a.readKey(), "another-token", "wrong-token-value",
                    "SECRET-KEY-VALUE", "secret.person@example.com");
        }
    }
}
