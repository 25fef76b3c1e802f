package dev.grantor.domain.shared;

import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Either;
import java.util.Locale;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * A customer's address as given (trimmed), with the case-folded form customers are matched by. The check
 * is deliberately shallow: one {@code @}, a non-empty local part and a dotted domain, nothing a mail
 * header could be split on. Whether it receives mail only the mail server can tell.
 */
@ValueObject
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;

    public EmailAddress {
        if (value == null || !isAcceptable(value)) {
            throw new IllegalArgumentException("not an email address");
        }
    }

    public static Either<GrantorError, EmailAddress> parse(String field, String candidate) {
        if (candidate == null || Text.trim(candidate).isEmpty()) {
            return Either.left(InvalidRequest.of(field, "is required"));
        }
        String trimmed = Text.trim(candidate);
        if (trimmed.length() > MAX_LENGTH) {
            return Either.left(ValidationFailed.of(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        return isAcceptable(trimmed) && !hasSpace(trimmed)
                ? Either.right(new EmailAddress(trimmed))
                : Either.left(ValidationFailed.of(field, "must be an email address"));
    }

    /**
     * A space of any kind inside, the no-break ones included, which {@link Character#isWhitespace} leaves out: an
     * address that looks split in two on a page and in the audit trail. Asked of new addresses only, not by the
     * constructor, so that one stored before stays readable.
     */
    private static boolean hasSpace(String s) {
        return s.codePoints().anyMatch(Character::isSpaceChar);
    }

    /** Customers are unique per business by this form. */
    public String matchKey() {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isAcceptable(String s) {
        if (s.length() > MAX_LENGTH || !s.equals(Text.trim(s)) || Text.hasInvisibleOrControl(s)) {
            return false;
        }
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || at == s.length() - 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\'
                    || c == '(' || c == ')' || c == '[' || c == ']' || c == ':') {
                return false;
            }
        }
        String domain = s.substring(at + 1);
        return domain.contains(".") && !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
    }
}
