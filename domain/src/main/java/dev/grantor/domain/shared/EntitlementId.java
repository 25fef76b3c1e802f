package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record EntitlementId(String value) implements Identifier {

    public static final String PREFIX = "ent_";

    public EntitlementId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, EntitlementId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, EntitlementId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
