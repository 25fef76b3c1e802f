package dev.grantor.domain.shared;

import org.jmolecules.ddd.types.Identifier;

public record KeyPoolId(String value) implements Identifier {

    public static final String PREFIX = "kpl_";

    public KeyPoolId {
        Ids.requireWellFormed(PREFIX, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
