package dev.grantor.domain.entitlement;

/**
 * The form of the keys an auto license-key entitlement generates: random groups that only the server can
 * check, or keys carrying an Ed25519-signed payload that customers' software can check offline.
 */
public enum KeyFormat {
    RANDOM("random"),
    SIGNED("signed");

    private final String wire;

    KeyFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
