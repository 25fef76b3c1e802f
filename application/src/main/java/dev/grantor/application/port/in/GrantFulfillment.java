package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.OffsetDateTime;
import java.util.Map;

/** Moves grants through their lifecycle: manual key fulfillment, host-reported outcomes, revocation. */
public interface GrantFulfillment {

    /** {@code activationsLimit} and {@code expiresAt} null mean "from the entitlement". */
    record FulfillLicenseKey(String key, Long activationsLimit, OffsetDateTime expiresAt) {}

    /** The payload as the host reports it, in wire form (plain JSON values). */
    record ReportDelivery(Map<String, Object> digitalProductDelivery, String oauthUrl, OffsetDateTime oauthExpiresAt,
                          Map<String, Object> feature) {}

    record ReportFailure(String errorCode, String errorMessage) {}

    /**
     * {@code reason} is a wire revocation reason ({@code manual} when null). {@code entitlementId}, when
     * given, must be the grant's entitlement (and not deleted), or the grant is not found.
     */
    record RevokeGrant(String entitlementId, String reason) {}

    /** The six rules of manual fulfillment, in order; see shared/spec/README.md. */
    Either<GrantorError, GrantView> fulfillLicenseKey(BusinessId business, String grantId, FulfillLicenseKey command);

    Either<GrantorError, GrantView> reportDelivery(BusinessId business, String grantId, ReportDelivery command);

    Either<GrantorError, GrantView> reportFailure(BusinessId business, String grantId, ReportFailure command);

    /** Idempotent: revoking a revoked grant answers it unchanged. */
    Either<GrantorError, GrantView> revoke(BusinessId business, String grantId, RevokeGrant command);
}
