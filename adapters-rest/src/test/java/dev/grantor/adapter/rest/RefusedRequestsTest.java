package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A window of refusals is written once it has passed, whether or not another refusal comes: a lone failed guess at
 * an API key must reach the log within about the window, not with the next refusal, days later, or at the stop.
 */
class RefusedRequestsTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger log;

    @BeforeEach
    void capture() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log = context.getLogger(RefusedRequestsTest.class);
        log.setLevel(Level.INFO);
        captured.setContext(context);
        captured.start();
        log.addAppender(captured);
    }

    @AfterEach
    void release() {
        log.detachAppender(captured);
    }

    private List<String> lines() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> linesWithin(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (lines().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return lines();
    }

    @Test
    void a_lone_refusal_is_written_once_its_window_has_passed_and_the_next_one_opens_a_window_of_its_own() throws Exception {
        try (var refused = new RefusedRequests(log, WINDOW)) {
            refused.count(401);
            refused.count(429);
            refused.countUnreadable();

            assertThat(linesWithin(WINDOW.multipliedBy(20))).containsExactly("refused 3 requests in 1 s: 1 x 401, 1 x 429, 1 unreadable");

            captured.list.clear();
            refused.count(401);
            assertThat(linesWithin(WINDOW.multipliedBy(20))).containsExactly("refused 1 requests in 1 s: 1 x 401, 0 x 429, 0 unreadable");
        }
    }

    @Test
    void what_is_counted_inside_a_window_is_written_once_at_the_stop() {
        var refused = new RefusedRequests(log, Duration.ofHours(1));
        refused.count(401);
        refused.count(401);

        assertThat(lines()).isEmpty();
        refused.close();

        assertThat(lines()).containsExactly("refused 2 requests in 1 s: 2 x 401, 0 x 429, 0 unreadable");
    }
}
