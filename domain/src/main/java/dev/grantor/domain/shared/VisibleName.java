package dev.grantor.domain.shared;

import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The one rule for a name that people read beside what it names: a customer's, a business's, an entitlement's, an
 * API key's. Trimmed ({@link Text#trim}), then 1 to the name's own bound of characters as a person counts them, with
 * nothing invisible or control ({@link Text#hasInvisibleOrControl}): a bidi override or a zero-width space makes one
 * name read as another, so a delivery email could seem to come from another shop, or a history name another key.
 * Each name keeps its bound; the characters and the refusal's words are the same for all of them.
 */
public final class VisibleName {

    private VisibleName() {}

    /**
     * {@code candidate} trimmed, none when nothing is left (each caller says what no name means: none, or a required
     * field missing), or {@code VALIDATION_FAILED} on {@code field} with {@link #rule}.
     */
    public static Either<GrantorError, Option<String>> parse(String field, String candidate, int maxLength) {
        String trimmed = candidate == null ? "" : Text.trim(candidate);
        if (trimmed.isEmpty()) {
            return Either.right(Option.none());
        }
        return holds(trimmed, maxLength) ? Either.right(Option.some(trimmed))
                : Either.left(ValidationFailed.of(field, rule(maxLength)));
    }

    /**
     * Whether {@code value}, as stored, is such a name: what a value object's constructor checks (not that it is
     * trimmed: {@link #parse} trims, and a row stored before the trim was the rule must still load).
     */
    public static boolean holds(String value, int maxLength) {
        return value != null && !Text.trim(value).isEmpty() && Text.length(value) <= maxLength
                && !Text.hasInvisibleOrControl(value);
    }

    /** The refusal's words, the same wherever a name is refused (a field's message, a page, the command line). */
    public static String rule(int maxLength) {
        return "must be 1 to " + maxLength + " characters without control or invisible characters";
    }
}
