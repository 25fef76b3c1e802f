package dev.grantor.bootstrap.logging;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what libraries log through {@code java.util.logging} (PostgreSQL's driver does) into the process's log.
 * Without it such lines bypassed it: two lines each in the JDK's own format on stderr, outside GRANTOR_LOG_LEVEL
 * and the batching, and wedged between a command's "using the database" line and its one-line failure.
 */
public final class JavaLoggingBridge extends Handler {

    private static final SimpleFormatter MESSAGES = new SimpleFormatter();

    private JavaLoggingBridge() {}

    /** Replaces the JDK's console handler on the root logger; calling it again changes nothing. */
    public static synchronized void install() {
        var root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof JavaLoggingBridge) {
                return;
            }
            root.removeHandler(handler);
        }
        root.addHandler(new JavaLoggingBridge());
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        Logger logger = LoggerFactory.getLogger(record.getLoggerName() == null ? "java.util.logging" : record.getLoggerName());
        int level = record.getLevel().intValue();
        String message = MESSAGES.formatMessage(record);
        if (level >= Level.SEVERE.intValue()) {
            logger.error(message, record.getThrown());
        } else if (level >= Level.WARNING.intValue()) {
            logger.warn(message, record.getThrown());
        } else if (level >= Level.INFO.intValue()) {
            logger.info(message, record.getThrown());
        } else if (level >= Level.FINE.intValue()) {
            logger.debug(message, record.getThrown());
        } else {
            logger.trace(message, record.getThrown());
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
