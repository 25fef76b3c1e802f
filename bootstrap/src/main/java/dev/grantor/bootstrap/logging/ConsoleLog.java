package dev.grantor.bootstrap.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The process's log on stderr, as {@code grantor} configures it ({@code logback.xml}): lines are batched while the
 * service runs, and the log is closed, its last lines written, as the last step of every exit. Under another
 * configuration (the tests', an embedding host's) both steps do nothing to appenders they do not know.
 */
public final class ConsoleLog {

    /** The environment variable {@code logback.xml} reads the root level from. */
    public static final String LEVEL_VARIABLE = "GRANTOR_LOG_LEVEL";
    /** The levels logback knows by name (in any case); it reads any other word as DEBUG, and says so nowhere. */
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private static final AtomicBoolean CLOSED = new AtomicBoolean();

    private ConsoleLog() {}

    /** What is wrong with {@code level} as a value of {@value #LEVEL_VARIABLE}; nothing when unset or known. */
    public static Optional<String> levelProblem(String level) {
        if (level == null || LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(LEVEL_VARIABLE + " must be one of " + String.join(", ", LEVELS) + " (in any case), not '"
                + level + "'");
    }

    /** Lets every {@link BatchingConsoleAppender} write through its writer thread from now on. */
    public static void startBatching() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            logger.iteratorForAppenders().forEachRemaining(appender -> {
                if (appender instanceof BatchingConsoleAppender batching) {
                    batching.startBatching();
                }
            });
        }
    }

    /**
     * Stops logback, which writes every line still queued before it returns; lines logged afterwards are lost, so
     * this is the last thing an exit does. Ours, rather than logback's own shutdown hook: the JVM runs hooks at the
     * same time, and that one could stop the log while the service's hook is still logging its shutdown.
     */
    public static void close() {
        if (CLOSED.compareAndSet(false, true) && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
