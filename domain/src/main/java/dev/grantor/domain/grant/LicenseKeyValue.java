package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * The secret a customer types into their software. Stored trimmed and compared exactly: keys are looked
 * up by value alone, so two values that differ only in surrounding white space must be the same key.
 */
@ValueObject
public record LicenseKeyValue(String value) {

    /** The longest key a merchant or customer may supply. */
    public static final int MAX_LENGTH = 255;
    /** The longest key the engine stores: signed keys carry their payload and signature, about 300 characters. */
    public static final int MAX_STORED_LENGTH = 1024;

    /**
     * The shortest key whose ending is ever shown: four characters of a shorter key would be a quarter or more of the
     * secret (and of a key of four or fewer, all of it), the rest guessable.
     */
    public static final int SHORTEST_SHOWN = 16;
    /** How many of a key's last characters name it where its value must not appear. */
    public static final int SHOWN_ENDING = 4;

    public LicenseKeyValue {
        if (value == null || !value.equals(Text.trim(value)) || value.isEmpty() || Text.length(value) > MAX_STORED_LENGTH
                || Text.hasInvisibleOrControl(value)) {
            throw new IllegalArgumentException("not a valid license key value");
        }
    }

    public static Either<GrantorError, LicenseKeyValue> parse(String field, String candidate) {
        if (candidate == null) {
            return Either.left(InvalidRequest.of(field, "is required"));
        }
        String trimmed = Text.trim(candidate);
        if (trimmed.isEmpty()) {
            return Either.left(InvalidRequest.of(field, "must not be blank"));
        }
        if (Text.length(trimmed) > MAX_LENGTH) {
            return Either.left(ValidationFailed.of(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        if (Text.hasInvisibleOrControl(trimmed)) {
            return Either.left(ValidationFailed.of(field, "must not contain control or invisible characters"));
        }
        return Either.right(new LicenseKeyValue(trimmed));
    }

    /**
     * A key as typed into customers' software, for looking it up: any value the engine may have stored,
     * so signed keys longer than {@link #MAX_LENGTH} are found too. Anything else is a key nobody has.
     */
    public static Option<LicenseKeyValue> lookup(String candidate) {
        if (candidate == null) {
            return Option.none();
        }
        String trimmed = Text.trim(candidate);
        return trimmed.isEmpty() || Text.length(trimmed) > MAX_STORED_LENGTH || Text.hasInvisibleOrControl(trimmed)
                ? Option.none() : Option.some(new LicenseKeyValue(trimmed));
    }

    /** What logs may show: an ellipsis and the {@link #suffix}. */
    public String masked() {
        return "…" + suffix();
    }

    /**
     * How a key is named wherever its value must not appear (an API's {@code key_suffix}, a rotation's {@code
     * previous_key_suffix}, a masked key on a page or in an email, a log): the last {@value #SHOWN_ENDING} characters
     * of a key of at least {@value #SHORTEST_SHOWN}, at most a quarter of it, enough to tell keys apart; empty for a
     * shorter key, which shows none of its characters.
     */
    public String suffix() {
        int length = Text.length(value);
        return length < SHORTEST_SHOWN ? "" : value.substring(value.offsetByCodePoints(0, length - SHOWN_ENDING));
    }

    @Override
    public String toString() {
        return masked();
    }
}
