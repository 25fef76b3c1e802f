package dev.grantor.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Everything logged during a test, at INFO and above, including the loggers the test configuration keeps
 * quiet (access log, events, mail): a test can then prove that no secret reached any log line.
 * {@link #atEveryLevel()} also takes Grantor's own DEBUG and TRACE lines (kept off the console), since a
 * secret written there would reach any operator who turns debugging on.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> QUIET = List.of("dev.grantor.adapter.rest.access", "grantor.events", "dev.grantor.adapter.mail");
    private static final String GRANTOR = "dev.grantor";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final Level level;
    private boolean grantorAdditive;

    CapturedLogs() {
        this(Level.INFO);
    }

    private CapturedLogs(Level level) {
        this.level = level;
    }

    static CapturedLogs atEveryLevel() {
        return new CapturedLogs(Level.TRACE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        var loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(loggers);
        appender.list.clear();
        appender.start();
        loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        if (level != Level.INFO) {
            Logger grantor = loggers.getLogger(GRANTOR);
            levels.put(GRANTOR, grantor.getLevel());
            grantorAdditive = grantor.isAdditive();
            grantor.setLevel(level);
            grantor.setAdditive(false);
            grantor.addAppender(appender);
        }
        for (String name : QUIET) {
            // captured, but kept off the console as the test configuration wants
            Logger logger = loggers.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(level);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        var loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        for (String name : QUIET) {
            Logger logger = loggers.getLogger(name);
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(levels.get(name));
        }
        if (level != Level.INFO) {
            Logger grantor = loggers.getLogger(GRANTOR);
            grantor.detachAppender(appender);
            grantor.setAdditive(grantorAdditive);
            grantor.setLevel(levels.get(GRANTOR));
        }
        appender.stop();
    }

    /** Every line as written: message, MDC and stack trace. */
    String text() {
        var all = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            all.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage()).append(' ')
                    .append(event.getMDCPropertyMap()).append('\n');
            if (event.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }

    int lines() {
        return appender.list.size();
    }
}
