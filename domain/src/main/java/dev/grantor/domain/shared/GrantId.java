package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record GrantId(String value) implements Identifier {

    public static final String PREFIX = "entg_";

    public GrantId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, GrantId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, GrantId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
