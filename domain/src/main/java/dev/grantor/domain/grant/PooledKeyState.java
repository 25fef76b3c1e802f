package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantId;
import java.time.Instant;

/** Where a pooled key went: still in stock, to one grant, or withdrawn. Rows keep their last state forever. */
public sealed interface PooledKeyState {

    PooledKeyStatus status();

    record Available() implements PooledKeyState {
        @Override
        public PooledKeyStatus status() {
            return PooledKeyStatus.AVAILABLE;
        }
    }

    record Assigned(GrantId grantId, Instant assignedAt) implements PooledKeyState {
        public Assigned {
            if (grantId == null || assignedAt == null) {
                throw new IllegalArgumentException("an assigned key names its grant and when");
            }
        }

        @Override
        public PooledKeyStatus status() {
            return PooledKeyStatus.ASSIGNED;
        }
    }

    record Voided(Instant voidedAt) implements PooledKeyState {
        public Voided {
            if (voidedAt == null) {
                throw new IllegalArgumentException("a voided key says when");
            }
        }

        @Override
        public PooledKeyStatus status() {
            return PooledKeyStatus.VOIDED;
        }
    }
}
