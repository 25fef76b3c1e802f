package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record InstanceId(String value) implements Identifier {

    public static final String PREFIX = "lki_";

    public InstanceId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, InstanceId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, InstanceId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
