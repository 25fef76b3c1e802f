package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record PooledKeyId(String value) implements Identifier {

    public static final String PREFIX = "pk_";

    public PooledKeyId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, PooledKeyId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, PooledKeyId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
