package dev.grantor.domain.grant;

import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.Text;
import java.time.Instant;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * The lifecycle of a grant as types: each state carries exactly its own data. {@link Revocable} names the
 * states a revocation may start from, so "revoking a revoked grant changes it" cannot even be written.
 */
@ValueObject
public sealed interface GrantState permits GrantState.Revocable, GrantState.Revoked {

    GrantStatus status();

    sealed interface Revocable extends GrantState permits Pending, Delivered, Failed {}

    record Pending() implements Revocable {
        @Override
        public GrantStatus status() {
            return GrantStatus.PENDING;
        }
    }

    record Delivered(Instant deliveredAt, Delivery delivery) implements Revocable {
        public Delivered {
            if (deliveredAt == null || delivery == null) {
                throw new IllegalArgumentException("a delivery has a time and a payload");
            }
        }

        @Override
        public GrantStatus status() {
            return GrantStatus.DELIVERED;
        }
    }

    record Failed(Instant failedAt, String errorCode, String errorMessage) implements Revocable {
        public static final int MAX_CODE = 100;
        public static final int MAX_MESSAGE = 2000;

        public Failed {
            if (failedAt == null || errorCode == null || errorCode.isBlank() || Text.length(errorCode) > MAX_CODE
                    || errorMessage == null || errorMessage.isBlank() || Text.length(errorMessage) > MAX_MESSAGE) {
                throw new IllegalArgumentException("a failure has a time, a code and a message");
            }
        }

        @Override
        public GrantStatus status() {
            return GrantStatus.FAILED;
        }
    }

    /** Keeps the state it ended, so a revoked grant still tells when it was delivered or why it failed. */
    record Revoked(Instant revokedAt, RevocationReason reason, Revocable ended) implements GrantState {
        public Revoked {
            if (revokedAt == null || reason == null || ended == null) {
                throw new IllegalArgumentException("a revocation has a time, a reason and the state it ended");
            }
        }

        @Override
        public GrantStatus status() {
            return GrantStatus.REVOKED;
        }
    }

    /** What a delivered grant delivered: a license key, or a payload the host reported. */
    sealed interface Delivery {}

    record KeyDelivery(LicenseKeyId licenseKeyId, LicenseKeyValue key) implements Delivery {
        public KeyDelivery {
            if (licenseKeyId == null || key == null) {
                throw new IllegalArgumentException("a key delivery names its key");
            }
        }
    }

    record PayloadDelivery(DeliveryPayload payload) implements Delivery {
        public PayloadDelivery {
            if (payload == null) {
                throw new IllegalArgumentException("a payload delivery has a payload");
            }
        }
    }
}
