package dev.grantor.bootstrap;

import dev.grantor.domain.shared.Text;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns whatever went wrong into the one line the operator reads. */
final class Failures {

    private static final int MAX_LENGTH = 300;

    private Failures() {}

    static String describe(Throwable failure) {
        if (failure instanceof CommandFailure known) {
            return oneLine(known.getMessage());
        }
        return oneLine(failure.getClass().getSimpleName() + ": " + rootMessage(failure));
    }

    /** The deepest message in the cause chain: that is where the real reason is, e.g. "Connection refused". */
    static String rootMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String own = t instanceof FileSystemException file ? described(file) : t.getMessage();
            if (own != null && !own.isBlank()) {
                message = own;
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    /**
     * A file system failure's message is often the path alone ("/srv/grantor-data"), which says where but not what
     * went wrong: the reason is in the exception's type.
     */
    private static String described(FileSystemException failure) {
        String reason = failure.getReason() != null ? failure.getReason() : switch (failure) {
            case NoSuchFileException missing -> "no such file or directory";
            case AccessDeniedException denied -> "permission denied";
            case FileAlreadyExistsException inTheWay -> "already exists";
            case NotDirectoryException notDirectory -> "not a directory";
            default -> failure.getClass().getSimpleName();
        };
        return failure.getFile() == null ? reason : failure.getFile() + ": " + reason;
    }

    /** The first cause of this type in the chain, if any. */
    static <T extends Throwable> io.vavr.control.Option<T> cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return io.vavr.control.Option.some(type.cast(t));
            }
        }
        return io.vavr.control.Option.none();
    }

    /**
     * The first line that says something, clipped, its control characters (an escape sequence a terminal would obey, a
     * tab) read as spaces, as a listing's cells are: a failure may quote what a user, a store or a server wrote.
     */
    static String oneLine(String text) {
        if (text == null) {
            return "unknown failure";
        }
        String line = text.lines().map(l -> Tsv.cell(l).strip()).filter(l -> !l.isEmpty()).findFirst().orElse("unknown failure");
        return line.length() > MAX_LENGTH ? Text.clip(line, MAX_LENGTH) + "..." : line;
    }
}
