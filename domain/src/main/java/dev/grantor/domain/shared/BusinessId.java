package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record BusinessId(String value) implements Identifier {

    public static final String PREFIX = "bus_";

    public BusinessId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, BusinessId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, BusinessId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
