package dev.grantor.application.wire;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Either;
import java.util.Map;

/**
 * Metadata as the commands carry it, read from plain JSON values. What Grantor shows is rendered by the records of
 * {@code dev.grantor.application.view}.
 */
public final class Wire {

    private Wire() {}

    /**
     * Metadata from plain JSON values, the one reading for every endpoint that takes it: absent is empty;
     * a value that is not a string, number or boolean is {@code INVALID_REQUEST}; the rest is for
     * {@link Metadata#parse} to judge. {@code field} is where the caller found it, for the problem's path.
     */
    public static Either<GrantorError, Metadata> metadata(String field, Map<String, Object> values) {
        if (values == null) {
            return Either.right(Metadata.EMPTY);
        }
        var entries = io.vavr.collection.LinkedHashMap.<String, Metadata.Value>empty();
        for (var entry : values.entrySet()) {
            Metadata.Value value = switch (entry.getValue()) {
                case String s -> new Metadata.Text(s);
                case Boolean b -> new Metadata.Flag(b);
                case java.math.BigDecimal d -> new Metadata.Number(d);
                case java.math.BigInteger i -> new Metadata.Number(new java.math.BigDecimal(i));
                case Long l -> new Metadata.Number(java.math.BigDecimal.valueOf(l));
                case Integer i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Short i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Byte i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Double d when Double.isFinite(d) -> new Metadata.Number(java.math.BigDecimal.valueOf(d));
                case Float f when Float.isFinite(f) -> new Metadata.Number(new java.math.BigDecimal(Float.toString(f)));
                case null, default -> null;
            };
            if (value == null) {
                return Either.left(InvalidRequest.of(field + "." + entry.getKey(), "must be a string, number or boolean"));
            }
            entries = entries.put(entry.getKey(), value);
        }
        return Metadata.parse(field, entries);
    }
}
