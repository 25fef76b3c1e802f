package dev.grantor.domain.shared;

import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Either;
import java.util.function.Function;

/** The shared format of every identifier: a prefix, then 21 characters of {@code [0-9A-Za-z]}. */
public final class Ids {

    public static final int BODY_LENGTH = 21;

    private Ids() {}

    public static boolean isWellFormed(String prefix, String candidate) {
        if (candidate == null || candidate.length() != prefix.length() + BODY_LENGTH || !candidate.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean alphanumeric = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!alphanumeric) {
                return false;
            }
        }
        return true;
    }

    public static String requireWellFormed(String prefix, String candidate) {
        if (!isWellFormed(prefix, candidate)) {
            throw new IllegalArgumentException("not a " + prefix + " id: " + abbreviate(candidate));
        }
        return candidate;
    }

    public static <T> Either<GrantorError, T> parse(String prefix, String field, String candidate, Function<String, T> constructor) {
        return isWellFormed(prefix, candidate)
                ? Either.right(constructor.apply(candidate))
                : Either.left(ValidationFailed.of(field, "must be " + prefix + " followed by 21 letters or digits"));
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
