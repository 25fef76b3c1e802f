package dev.grantor.domain.customer;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * A customer's phone number as the merchant wrote it: digits with the usual separators, a {@code +} only in front.
 * Grantor never dials it, so its country rules are not checked; the charset keeps it out of harm's way wherever it is
 * shown.
 */
@ValueObject
public record PhoneNumber(String value) {

    public static final int MAX_LENGTH = 32;
    public static final int MIN_DIGITS = 3;

    static final String SHAPE = "must be a phone number: " + MIN_DIGITS + " or more digits, with spaces and . - ( )"
            + " between them and a + only in front";

    public PhoneNumber {
        if (value == null || value.length() > MAX_LENGTH || !isWellFormed(value)) {
            throw new IllegalArgumentException("not a phone number");
        }
    }

    /** Absent or blank: none (a customer need not have one). */
    public static Either<GrantorError, Option<PhoneNumber>> parse(String field, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.right(Option.none());
        }
        String trimmed = Text.trim(candidate);
        if (Text.length(trimmed) > MAX_LENGTH) {
            return Either.left(ValidationFailed.of(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        return isWellFormed(trimmed)
                ? Either.right(Option.some(new PhoneNumber(trimmed)))
                : Either.left(ValidationFailed.of(field, SHAPE));
    }

    private static boolean isWellFormed(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
                return false;
            }
        }
        return digits >= MIN_DIGITS && s.equals(Text.trim(s));
    }
}
