package dev.grantor.application.port.in;

import dev.grantor.application.view.DeliveryPayloadView;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.OffsetDateTime;

/** Moves grants through their lifecycle: manual key fulfillment, host-reported outcomes, revocation. */
public interface GrantFulfillment {

    /** {@code activationsLimit} and {@code expiresAt} null mean "from the entitlement". */
    record FulfillLicenseKey(String key, Long activationsLimit, OffsetDateTime expiresAt) {}

    /**
     * The payload as the host reports it; every part optional. Its texts are trimmed and judged by the use case
     * (at most 2,000 characters, no control characters, not blank), its sizes and lifetimes must not be negative,
     * and {@code oauthExpiresAt} needs an {@code oauthUrl}.
     */
    record ReportDelivery(DeliveryPayloadView.DigitalProductDelivery digitalProductDelivery, String oauthUrl,
                          OffsetDateTime oauthExpiresAt, DeliveryPayloadView.Feature feature) {}

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
