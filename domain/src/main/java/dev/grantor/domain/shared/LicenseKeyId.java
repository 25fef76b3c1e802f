package dev.grantor.domain.shared;

import io.vavr.control.Either;
import org.jmolecules.ddd.types.Identifier;

public record LicenseKeyId(String value) implements Identifier {

    public static final String PREFIX = "lic_";

    public LicenseKeyId {
        Ids.requireWellFormed(PREFIX, value);
    }

    public static Either<GrantorError, LicenseKeyId> parse(String field, String candidate) {
        return Ids.parse(PREFIX, field, candidate, LicenseKeyId::new);
    }

    @Override
    public String toString() {
        return value;
    }
}
