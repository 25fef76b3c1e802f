package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record KeyPoolId(String value) implements Identifier {

    public static final String PREFIX = "kpl_";

    public KeyPoolId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, KeyPoolId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, KeyPoolId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
