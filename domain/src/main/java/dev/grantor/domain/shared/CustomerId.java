package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record CustomerId(String value) implements Identifier {

    public static final String PREFIX = "cus_";

    public CustomerId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, CustomerId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, CustomerId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
