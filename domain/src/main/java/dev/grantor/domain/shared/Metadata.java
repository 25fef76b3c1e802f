package dev.grantor.domain.shared;

import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import java.math.BigDecimal;
import org.jmolecules.ddd.annotation.ValueObject;

/** Free-form merchant data: string keys; string, number or boolean values; bounded in size. */
@ValueObject
public record Metadata(Map<String, Value> entries) {

    public static final int MAX_KEYS = 50;
    public static final int MAX_KEY_LENGTH = 40;
    public static final int MAX_STRING_LENGTH = 500;

    public static final Metadata EMPTY = new Metadata(LinkedHashMap.empty());

    public sealed interface Value {}

    public record Text(String value) implements Value {
        public Text {
            if (value == null) {
                throw new IllegalArgumentException("metadata text is null");
            }
        }
    }

    public record Number(BigDecimal value) implements Value {
        public Number {
            if (value == null) {
                throw new IllegalArgumentException("metadata number is null");
            }
        }
    }

    public record Flag(boolean value) implements Value {}

    public Metadata {
        if (entries == null) {
            throw new IllegalArgumentException("metadata is null");
        }
        var problem = problemWith(entries);
        if (problem != null) {
            throw new IllegalArgumentException(problem.message());
        }
    }

    public static Either<GrantorError, Metadata> parse(String field, Map<String, Value> entries) {
        if (entries == null) {
            return Either.right(EMPTY);
        }
        var problem = problemWith(entries);
        if (problem == null) {
            // a rule of input, not of the record (as the number range below): a key stored before it still loads
            problem = entries.find(entry -> !dev.grantor.domain.shared.Text.isVisible(entry._1))
                    .map(entry -> ValidationFailed.of("", KEYS)).getOrNull();
        }
        if (problem == null) {
            // a rule of input, as the keys' is: a value stored before it still loads and is answered as stored
            problem = entries.find(entry -> entry._2 instanceof Text t && !isFreeText(t.value()))
                    .map(entry -> ValidationFailed.of("." + entry._1, STRINGS)).getOrNull();
        }
        if (problem == null) {
            problem = entries.find(entry -> entry._2 instanceof Number n && !readsBackExactly(n.value()))
                    .map(entry -> ValidationFailed.of("." + entry._1, NUMBER_RANGE)).getOrNull();
        }
        return problem == null ? Either.right(new Metadata(entries)) : Either.left(relabel(problem, field));
    }

    private static final String KEYS = "keys must be 1 to " + MAX_KEY_LENGTH + " visible characters";

    static final String STRINGS = "must be text without control characters (line breaks and tabs are text) and without"
            + " bidi embeddings, overrides or isolates";

    /**
     * What a string value may hold. Dodo's metadata is free-form, and a note a merchant keeps there may run over lines
     * or be written in any script, so line breaks, tabs, marks and joiners are kept. A NUL, an escape sequence or
     * another control character is no text anyone wrote (a terminal, a log line or a CSV export runs it), and a bidi
     * override makes a value read as another ({@link dev.grantor.domain.shared.Text#hasDirectionalFormatting}).
     */
    public static boolean isFreeText(String value) {
        return !dev.grantor.domain.shared.Text.hasControl(value, true)
                && !dev.grantor.domain.shared.Text.hasDirectionalFormatting(value);
    }

    static final String NUMBER_RANGE = "must be a number an IEEE 754 double holds exactly: at most 17 significant digits,"
            + " magnitude between 4.9E-324 and 1.7976931348623157E308";

    /**
     * Metadata goes to consumers in every language, most of which read a JSON number into a double: a
     * number is accepted only if such a reader gets back the number sent (its shortest double form is the
     * same value). A rule of input, not of the record, so metadata stored before it still loads.
     */
    public static boolean readsBackExactly(BigDecimal number) {
        if (number.signum() == 0) {
            return true;
        }
        long magnitude = (long) number.precision() - number.scale();
        if (magnitude > 310 || magnitude < -325) {
            return false;
        }
        double read = number.doubleValue();
        return Double.isFinite(read) && read != 0 && new BigDecimal(Double.toString(read)).compareTo(number) == 0;
    }

    private static ValidationFailed relabel(ValidationFailed problem, String field) {
        var details = problem.details().map(d -> new GrantorError.FieldProblem(field + d.field(), d.message()));
        return new ValidationFailed(GrantorError.FieldProblem.summary(details), details);
    }

    private static ValidationFailed problemWith(Map<String, Value> entries) {
        if (entries.size() > MAX_KEYS) {
            return ValidationFailed.of("", "must have at most " + MAX_KEYS + " keys");
        }
        for (var entry : entries) {
            String key = entry._1;
            if (key == null || key.isEmpty() || dev.grantor.domain.shared.Text.length(key) > MAX_KEY_LENGTH
                    || dev.grantor.domain.shared.Text.hasInvisibleOrControl(key)) {
                return ValidationFailed.of("", KEYS);
            }
            if (entry._2 == null) {
                return ValidationFailed.of("." + key, "must be a string, number or boolean");
            }
            if (entry._2 instanceof Text t && dev.grantor.domain.shared.Text.length(t.value()) > MAX_STRING_LENGTH) {
                return ValidationFailed.of("." + key, "must be at most " + MAX_STRING_LENGTH + " characters");
            }
        }
        return null;
    }
}
