package dev.grantor.application;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings one class logs while a test runs. The engine logs through {@link System.Logger}, which the JDK hands to
 * {@code java.util.logging} when no other logging is on the class path (none is on the adapter kit's), so the lines are
 * taken where they land, by name, without a logging library of the test's own.
 */
public final class LoggedWarnings implements AutoCloseable {

    /** Held here: java.util.logging keeps loggers only weakly, and a collected one would drop the handler. */
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                lines.add(record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LoggedWarnings(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        logger.addHandler(handler);
    }

    public static LoggedWarnings of(Class<?> source) {
        return new LoggedWarnings(source);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
