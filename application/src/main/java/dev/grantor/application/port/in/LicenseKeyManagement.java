package dev.grantor.application.port.in;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The merchant's keys after delivery (Dodo's {@code /license_keys} and {@code /license_key_instances}):
 * import, read, change limit and expiry, disable and enable (which revokes and restores the grant), free or
 * rename an instance, and rotate a key's value. Ids of other businesses are not found, never forbidden.
 */
public interface LicenseKeyManagement {

    /**
     * {@code productId} is the entitlement (the SDK names it so). {@code key} is checked once, as a key value. The two
     * ids' presence is checked here and only here: their parse judges the form, and a malformed id is not found.
     */
    record ImportLicenseKey(@NotBlank String customerId, String key, @NotBlank String productId,
                            Long activationsLimit, OffsetDateTime expiresAt) {}

    /** Wire-form filters, each optional; {@code source} and {@code status} are wire values. */
    record ListLicenseKeys(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String customerId,
                           String productId, String source, String status, OffsetDateTime createdAtGte,
                           OffsetDateTime createdAtLte) {}

    /**
     * A partial update: an absent part stays as it is. {@code removeActivationsLimit} and
     * {@code removeExpiry} stand for a JSON {@code null}, which lifts the limit or the expiry.
     */
    record UpdateLicenseKey(Long activationsLimit, boolean removeActivationsLimit, Boolean disabled,
                            OffsetDateTime expiresAt, boolean removeExpiry) {}

    /**
     * {@code key} for manual entitlements (same rules as fulfillment); auto ones generate the value. {@code replacing},
     * when given, is the value the caller decided to replace: the rotation runs only while the key still has it, in the
     * rotation's own unit, so of racing rotations decided on one value exactly one rotates and the others are answered
     * {@link GrantorError.LicenseKeyNotFound} (that value is no longer a key). The merchant's API gives none.
     */
    record RotateLicenseKey(String key, Boolean resetActivations, String replacing) {
        public RotateLicenseKey(String key, Boolean resetActivations) {
            this(key, resetActivations, null);
        }
    }

    record ListInstances(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String licenseKeyId,
                         String grantId) {}

    /** {@code name} is checked once, as an instance's name (a missing one is an invalid request there). */
    record RenameInstance(String name) {}

    /** A key as read, with what its wire shape needs: the brand, and the grant when there is one. */
    record KeyView(LicenseKey licenseKey, BrandId brandId, Option<Grant> grant, Instant readAt) {}

    Either<GrantorError, KeyView> importKey(BusinessId business, ImportLicenseKey command);

    Either<GrantorError, KeyView> get(BusinessId business, String licenseKeyId);

    Either<GrantorError, List<KeyView>> list(BusinessId business, ListLicenseKeys query);

    /**
     * Limit, expiry and {@code disabled} together, in one unit. Disabling revokes a delivered grant with
     * {@code license_key_disabled}; enabling restores only such a grant, and refuses any other revoked one.
     */
    Either<GrantorError, KeyView> update(BusinessId business, String licenseKeyId, UpdateLicenseKey command);

    /** {@code rotatedBy} names who asked (an API key id), kept in the key's history with the old value's hash. */
    Either<GrantorError, KeyView> rotate(BusinessId business, String rotatedBy, String licenseKeyId, RotateLicenseKey command);

    Either<GrantorError, LicenseKey.Held> instance(BusinessId business, String instanceId);

    Either<GrantorError, List<LicenseKey.Held>> instances(BusinessId business, ListInstances query);

    Either<GrantorError, LicenseKey.Held> renameInstance(BusinessId business, String instanceId, RenameInstance command);

    /** Frees the seat; the instance is gone, so a second delete is not found. */
    Either<GrantorError, LicenseKey> deleteInstance(BusinessId business, String instanceId);
}
