package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Reads grants; every list is newest first and stable across pages. */
public interface GrantQueries {

    /** Wire-form filters, each optional; {@code status} matches case-insensitively. */
    record ListGrants(@Min(0) @Max(100) Integer pageSize, @Min(0) Integer pageNumber, String status,
                      String integrationType, String customerId, String entitlementId) {}

    Either<GrantorError, GrantView> get(BusinessId business, String grantId);

    /** The entitlement must exist and not be deleted. */
    Either<GrantorError, List<GrantView>> listForEntitlement(BusinessId business, String entitlementId, ListGrants query);

    /** The fulfillment work list across entitlements. */
    Either<GrantorError, List<GrantView>> list(BusinessId business, ListGrants query);

    Either<GrantorError, List<GrantView>> listForCustomer(BusinessId business, String customerId, ListGrants query);
}
