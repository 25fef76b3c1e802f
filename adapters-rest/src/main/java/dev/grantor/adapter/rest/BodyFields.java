package dev.grantor.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Timestamps;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of a JSON object body, collecting every problem with its field path instead of
 * stopping at the first. Shape problems (wrong JSON type, a required field missing, null or blank) are
 * {@code INVALID_REQUEST}; a value of the right type in the wrong format is {@code VALIDATION_FAILED}.
 * Unknown fields are ignored.
 */
final class BodyFields {

    private final ObjectNode object;
    private final String prefix;
    private final java.util.List<FieldProblem> shapeProblems;
    private final java.util.List<FieldProblem> valueProblems;

    private BodyFields(ObjectNode object, String prefix, java.util.List<FieldProblem> shapeProblems,
                       java.util.List<FieldProblem> valueProblems) {
        this.object = object;
        this.prefix = prefix;
        this.shapeProblems = shapeProblems;
        this.valueProblems = valueProblems;
    }

    /** An empty body, or one that is not a JSON object, is refused as a whole. */
    static Either<GrantorError, BodyFields> of(byte[] body) {
        if (body.length == 0) {
            return Either.left(new InvalidRequest("the request body must be a JSON object", List.empty()));
        }
        JsonNode node = WireJson.read(body);
        if (node == null) {
            return Either.left(new InvalidRequest("the request body is not valid JSON", List.empty()));
        }
        if (!(node instanceof ObjectNode object)) {
            return Either.left(new InvalidRequest("the request body must be a JSON object", List.empty()));
        }
        return Either.right(new BodyFields(object, "", new java.util.ArrayList<>(), new java.util.ArrayList<>()));
    }

    boolean has(String field) {
        return object.has(field);
    }

    boolean isNull(String field) {
        return object.has(field) && object.get(field).isNull();
    }

    String requiredString(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return shape(field, "is required");
        }
        if (!node.isTextual()) {
            return shape(field, "must be a string");
        }
        if (node.textValue().isBlank()) {
            return shape(field, "must not be blank");
        }
        return node.textValue();
    }

    /** Absent or null: null. */
    String optionalString(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            return shape(field, "must be a string");
        }
        return node.textValue();
    }

    /** Absent or null: null. A number with a fraction is not an integer; one beyond a long is out of range. */
    Long optionalInteger(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            if (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0) {
                return integral(field, node);
            }
            return shape(field, "must be an integer");
        }
        return integral(field, node);
    }

    /** Absent or null: null. Within a Java {@code int}, or {@code VALIDATION_FAILED}. */
    Integer optionalInt(String field) {
        Long wide = optionalInteger(field);
        if (wide == null) {
            return null;
        }
        if (wide < Integer.MIN_VALUE || wide > Integer.MAX_VALUE) {
            return value(field, "is out of range");
        }
        return wide.intValue();
    }

    /** Absent or null: null. */
    Boolean optionalBoolean(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            return shape(field, "must be a boolean");
        }
        return node.booleanValue();
    }

    /** Absent or null: null. An array whose every element is a string; each other element is named {@code field[i]}. */
    java.util.List<String> optionalStringList(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return shape(field, "must be an array of strings");
        }
        var strings = new java.util.ArrayList<String>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual()) {
                shape(field + "[" + i + "]", "must be a string");
            } else {
                strings.add(element.textValue());
            }
        }
        return strings.size() == node.size() ? java.util.Collections.unmodifiableList(strings) : null;
    }

    /** Absent or null: null. An object whose every member is a string; each other member is named {@code field.name}. */
    Map<String, String> optionalStringMap(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            return shape(field, "must be an object of strings");
        }
        var strings = new LinkedHashMap<String, String>();
        for (var member : node.properties()) {
            if (!member.getValue().isTextual()) {
                shape(field + "." + member.getKey(), "must be a string");
            } else {
                strings.put(member.getKey(), member.getValue().textValue());
            }
        }
        return strings.size() == node.size() ? java.util.Collections.unmodifiableMap(strings) : null;
    }

    /**
     * Required: an object whose every member is a string or null, nulls kept (a change that removes what it names);
     * each other member is named {@code field.name}.
     */
    Map<String, String> requiredNullableStringMap(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return shape(field, "is required");
        }
        if (!node.isObject()) {
            return shape(field, "must be an object of strings and nulls");
        }
        var strings = new LinkedHashMap<String, String>();
        for (var member : node.properties()) {
            if (member.getValue().isTextual() || member.getValue().isNull()) {
                strings.put(member.getKey(), member.getValue().textValue());
            } else {
                shape(field + "." + member.getKey(), "must be a string or null");
            }
        }
        return strings.size() == node.size() ? java.util.Collections.unmodifiableMap(strings) : null;
    }

    /**
     * Absent or null: null. ISO-8601 with an offset, e.g. {@code 2027-01-01T00:00:00Z}, normalised to UTC;
     * only instants from 1970 through 9999 (in UTC), so that every timestamp Grantor writes back has the
     * form {@code YYYY-MM-DDTHH:MM:SS.sssZ}.
     */
    OffsetDateTime optionalTimestamp(String field) {
        String text = optionalString(field);
        if (text == null) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return value(field, "must be an ISO-8601 timestamp with an offset, such as 2027-01-01T00:00:00Z");
        }
        if (!Timestamps.inRange(at)) {
            return value(field, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        }
        return at.atOffset(ZoneOffset.UTC);
    }

    /**
     * Absent or null: null. The object's members as plain Java values: for the open-ended objects only (metadata, an
     * integration type's config), whose members are the caller's own.
     */
    Map<String, Object> optionalObject(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            return shape(field, "must be an object");
        }
        return plainObject(node);
    }

    Map<String, Object> requiredObject(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return shape(field, "is required");
        }
        return optionalObject(field);
    }

    /** Absent or null: null. A nested object read with the same rules; its problems are reported as {@code field.member}. */
    BodyFields optionalNested(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node instanceof ObjectNode nested)) {
            return shape(field, "must be an object");
        }
        return new BodyFields(nested, path(field) + ".", shapeProblems, valueProblems);
    }

    /**
     * Absent or null: null. An array of objects, each read with the same rules, its problems reported as
     * {@code field[i].member}; an element that is not an object is {@code field[i]}'s problem and left out.
     */
    java.util.List<BodyFields> optionalObjects(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return shape(field, "must be an array");
        }
        var elements = new java.util.ArrayList<BodyFields>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i) instanceof ObjectNode element) {
                elements.add(new BodyFields(element, path(field) + "[" + i + "].", shapeProblems, valueProblems));
            } else {
                shape(field + "[" + i + "]", "must be an object");
            }
        }
        return elements;
    }

    /** Absent or null: null. Only a number written without a fraction or exponent that fits a long is a whole number. */
    Long optionalWholeNumber(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return shape(field, "must be an integer");
        }
        return node.longValue();
    }

    /** A nested object read with the same rules; its problems are reported as {@code field.member}. */
    BodyFields requiredNested(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            shape(field, "is required");
            return null;
        }
        if (!(node instanceof ObjectNode nested)) {
            shape(field, "must be an object");
            return null;
        }
        return new BodyFields(nested, path(field) + ".", shapeProblems, valueProblems);
    }

    /**
     * The command built from the fields just read, or every problem found while reading them: shape
     * problems first, since they decide the code. Build the command in the argument, so the reads happen
     * before this looks at what they found.
     */
    <T> Either<GrantorError, T> result(T command) {
        if (!shapeProblems.isEmpty()) {
            var all = List.ofAll(shapeProblems).appendAll(valueProblems);
            return Either.left(new InvalidRequest(summary(all), all));
        }
        if (!valueProblems.isEmpty()) {
            var all = List.ofAll(valueProblems);
            return Either.left(new ValidationFailed(summary(all), all));
        }
        return Either.right(command);
    }

    private Long integral(String field, JsonNode node) {
        if (!node.canConvertToLong() && node.isIntegralNumber()) {
            return value(field, "is out of range");
        }
        var decimal = node.decimalValue();
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            return value(field, "is out of range");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainObject(JsonNode node) {
        Object plain = WireJson.plain(node);
        return plain instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    private String path(String field) {
        return prefix + field;
    }

    private <T> T shape(String field, String message) {
        shapeProblems.add(new FieldProblem(path(field), message));
        return null;
    }

    private <T> T value(String field, String message) {
        valueProblems.add(new FieldProblem(path(field), message));
        return null;
    }

    private static String summary(List<FieldProblem> problems) {
        return problems.map(p -> p.field() + " " + p.message()).mkString("; ");
    }
}
