package dev.grantor.bootstrap;

/**
 * A command could not do its work for a reason the operator can act on. Its message is the one line the
 * CLI prints: it names the problem, never a secret, and carries no stack trace.
 */
public final class CommandFailure extends RuntimeException {

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
