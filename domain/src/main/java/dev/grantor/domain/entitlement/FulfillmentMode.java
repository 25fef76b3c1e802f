package dev.grantor.domain.entitlement;

/** Who supplies a license key: the engine at issue time, or the merchant later. */
public enum FulfillmentMode {
    AUTO("auto"),
    MANUAL("manual");

    private final String wire;

    FulfillmentMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
