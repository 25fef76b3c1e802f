package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record BrandId(String value) implements Identifier {

    public static final String PREFIX = "brd_";

    public BrandId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, BrandId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, BrandId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
