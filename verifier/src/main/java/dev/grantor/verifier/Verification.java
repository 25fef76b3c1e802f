package dev.grantor.verifier;

import java.util.Objects;

/**
 * The answer to one check of a signed key or a license file. Exactly one of five; only a {@link Valid}
 * answer may unlock anything. {@link Expired} carries the payload too, so an application can say until
 * when the license ran.
 *
 * @param <T> what was signed: {@link KeyPayload} for keys, {@link LicenseFile} for license files
 */
public sealed interface Verification<T>
        permits Verification.Valid, Verification.Expired, Verification.BadSignature, Verification.UnknownKid,
        Verification.Malformed {

    /** Signed by a key of the JWKS, and not expired at the instant asked about. */
    record Valid<T>(T payload) implements Verification<T> {
        public Valid {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Signed by a key of the JWKS, but its expiry is at or before the instant asked about. */
    record Expired<T>(T payload) implements Verification<T> {
        public Expired {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Well formed and naming a known signing key, but the signature does not match: tampered or forged. */
    record BadSignature<T>() implements Verification<T> {}

    /**
     * Names a signing key the JWKS does not hold: signed by another business, or by a signing key the
     * merchant has since deleted, or the JWKS given to the verifier is out of date.
     */
    record UnknownKid<T>(String kid) implements Verification<T> {
        public UnknownKid {
            Objects.requireNonNull(kid, "kid");
        }
    }

    /** Not a signed key or license file at all, or not one made for the license key given; the reason says which. */
    record Malformed<T>(String reason) implements Verification<T> {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** True only for {@link Valid}. */
    default boolean isValid() {
        return this instanceof Valid;
    }
}
