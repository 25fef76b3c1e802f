package dev.grantor.verifier;

import dev.grantor.verifier.JsonReader.NotJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Typed, strict reads of one parsed JSON object: a member of the wrong type, or one not expected, is refused. */
final class JsonMembers {

    private final String what;
    private final Map<?, ?> members;

    private JsonMembers(String what, Map<?, ?> members) {
        this.what = what;
        this.members = members;
    }

    static JsonMembers of(String what, Object value) throws NotJson {
        if (!(value instanceof Map)) {
            throw new NotJson(what + " is not a JSON object");
        }
        return new JsonMembers(what, (Map<?, ?>) value);
    }

    /** Refuses members beyond the expected ones, so nothing unsigned-for can ride along unnoticed. */
    JsonMembers only(Set<String> expected) throws NotJson {
        for (Object name : members.keySet()) {
            if (!expected.contains(name)) {
                throw new NotJson(what + " has an unexpected member " + JsonReader.shown((String) name));
            }
        }
        return this;
    }

    boolean has(String name) {
        return members.containsKey(name);
    }

    String text(String name) throws NotJson {
        Object value = members.get(name);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new NotJson(what + "." + name + " must be a non-empty string");
        }
        return (String) value;
    }

    long integer(String name) throws NotJson {
        Object value = members.get(name);
        if (!(value instanceof Long)) {
            throw new NotJson(what + "." + name + " must be an integer");
        }
        return (Long) value;
    }

    Instant epochSecond(String name) throws NotJson {
        long seconds = integer(name);
        if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            throw new NotJson(what + "." + name + " is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }

    Optional<Instant> optionalEpochSecond(String name) throws NotJson {
        return nullable(name) ? Optional.empty() : Optional.of(epochSecond(name));
    }

    Instant timestamp(String name) throws NotJson {
        try {
            return Instant.parse(text(name));
        } catch (DateTimeParseException e) {
            throw new NotJson(what + "." + name + " must be an ISO-8601 instant");
        }
    }

    Optional<Instant> optionalTimestamp(String name) throws NotJson {
        return nullable(name) ? Optional.empty() : Optional.of(timestamp(name));
    }

    OptionalInt optionalLimit(String name) throws NotJson {
        if (nullable(name)) {
            return OptionalInt.empty();
        }
        long limit = integer(name);
        if (limit < 1 || limit > Integer.MAX_VALUE) {
            throw new NotJson(what + "." + name + " must be a positive integer");
        }
        return OptionalInt.of((int) limit);
    }

    Object raw(String name) throws NotJson {
        if (!members.containsKey(name)) {
            throw new NotJson(what + "." + name + " is missing");
        }
        return members.get(name);
    }

    /** Present and null; a missing member is an error, since every writer writes every member. */
    private boolean nullable(String name) throws NotJson {
        return raw(name) == null;
    }
}
