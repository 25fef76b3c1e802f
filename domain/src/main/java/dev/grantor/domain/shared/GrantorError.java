package dev.grantor.domain.shared;

import io.vavr.collection.List;

/**
 * Every business outcome that is not a success. Values, not exceptions: each travels unchanged from the
 * model to whichever adapter reports it, and maps onto exactly one {@link ErrorCode}.
 */
public sealed interface GrantorError {

    ErrorCode code();

    String message();

    /**
     * A field-level problem with a value a caller supplied. The model names no field of any wire: a value's
     * own rule reports its problem with an empty {@code field} (the value itself) or the model's name of one
     * of its parts, and whoever read the value from a request names the field with {@link #renamed}.
     */
    record FieldProblem(String field, String message) {

        String described() {
            return field.isEmpty() ? message : field + " " + message;
        }

        /** The message of an error with these problems: each one described, in order. */
        public static String summary(List<FieldProblem> problems) {
            return problems.map(FieldProblem::described).mkString("; ");
        }

        FieldProblem renamed(String part, String name) {
            if (field.equals(part)) {
                return new FieldProblem(name, message);
            }
            return part.isEmpty() || !field.startsWith(part + ".") ? this
                    : new FieldProblem(name + field.substring(part.length()), message);
        }
    }

    /**
     * This error with its problems about {@code part} (a name the model gave, or empty for the value
     * itself) reported under {@code name}, as the caller's request calls it. Errors without field problems
     * stay as they are.
     */
    default GrantorError renamed(String part, String name) {
        return this;
    }

    /** This error with the problems of the value itself reported under {@code name}: see {@link #renamed}. */
    default GrantorError at(String name) {
        return renamed("", name);
    }

    /** A required value is missing, null or blank, or has the wrong shape entirely. */
    record InvalidRequest(String message, List<FieldProblem> details) implements GrantorError {
        public static InvalidRequest of(String field, String message) {
            return of(new FieldProblem(field, message));
        }

        /** A problem of the value itself, before anyone named the field that carried it. */
        public static InvalidRequest ofValue(String message) {
            return of("", message);
        }

        private static InvalidRequest of(FieldProblem problem) {
            return new InvalidRequest(problem.described(), List.of(problem));
        }

        @Override
        public InvalidRequest renamed(String part, String name) {
            var all = details.map(p -> p.renamed(part, name));
            return all.equals(details) ? this : new InvalidRequest(FieldProblem.summary(all), all);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.INVALID_REQUEST;
        }
    }

    /** A value is present but breaks a rule: a limit, a range, an enum, a format. */
    record ValidationFailed(String message, List<FieldProblem> details) implements GrantorError {
        public static ValidationFailed of(String field, String message) {
            var problem = new FieldProblem(field, message);
            return new ValidationFailed(problem.described(), List.of(problem));
        }

        /** A problem of the value itself, before anyone named the field that carried it. */
        public static ValidationFailed ofValue(String message) {
            return of("", message);
        }

        public ValidationFailed plus(ValidationFailed other) {
            var all = details.appendAll(other.details);
            return new ValidationFailed(FieldProblem.summary(all), all);
        }

        @Override
        public ValidationFailed renamed(String part, String name) {
            var all = details.map(p -> p.renamed(part, name));
            return all.equals(details) ? this : new ValidationFailed(FieldProblem.summary(all), all);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.VALIDATION_FAILED;
        }
    }

    /** Unknown, deleted, malformed, or another business's: indistinguishable on purpose. */
    record NotFound(String what, String id) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NOT_FOUND;
        }

        @Override
        public String message() {
            return what + " " + id + " was not found";
        }
    }

    record NotALicenseKeyGrant(String grantId, String integrationType) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NOT_A_LICENSE_KEY_GRANT;
        }

        @Override
        public String message() {
            return "grant " + grantId + " is a " + integrationType + " grant, not a license key grant";
        }
    }

    /** The opposite mismatch: a host-reported delivery aimed at a license-key grant. */
    record LicenseKeyGrantNeedsAKey(String grantId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NOT_A_LICENSE_KEY_GRANT;
        }

        @Override
        public String message() {
            return "grant " + grantId + " is a license key grant: it is delivered by fulfilling its key";
        }
    }

    record NotManualFulfillment(String grantId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NOT_MANUAL_FULFILLMENT;
        }

        @Override
        public String message() {
            return "grant " + grantId + " belongs to an entitlement in auto fulfillment mode: its key is generated";
        }
    }

    record LicenseKeyTooShort(int minKeyLength) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.LICENSE_KEY_TOO_SHORT;
        }

        @Override
        public String message() {
            return "this entitlement's license keys must have at least " + minKeyLength + " characters";
        }
    }

    record GrantNotPending(String grantId, String status) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.GRANT_NOT_PENDING;
        }

        @Override
        public String message() {
            return "grant " + grantId + " is " + status + ", not Pending";
        }
    }

    record LicenseKeyAlreadyExists() implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.LICENSE_KEY_ALREADY_EXISTS;
        }

        @Override
        public String message() {
            return "this license key value is already in use";
        }
    }

    record NoExpiryOnSubscriptionLicenseKeys(String grantId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS;
        }

        @Override
        public String message() {
            return "grant " + grantId + " was issued from a subscription: its key lives as long as the subscription, so it takes no expiry";
        }
    }

    record LicenseKeyNotFound() implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.LICENSE_KEY_NOT_FOUND;
        }

        @Override
        public String message() {
            return "license key or instance not found";
        }
    }

    record InactiveLicenseKey(String status) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.INACTIVE_LICENSE_KEY;
        }

        @Override
        public String message() {
            return "license key is " + status;
        }
    }

    record LicenseKeyLimitReached(int limit) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.LICENSE_KEY_LIMIT_REACHED;
        }

        @Override
        public String message() {
            return "license key has reached its activations limit of " + limit;
        }
    }

    /** A business that has as many webhook endpoints as the deployment allows asked for one more. */
    record WebhookEndpointLimitReached(int limit) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.WEBHOOK_LIMIT_REACHED;
        }

        @Override
        public String message() {
            return "the business has reached its limit of " + limit + " webhook endpoints; delete one to add another";
        }
    }

    /**
     * A webhook URL whose host is not a public internet address, where the operator allows only public ones. It
     * carries its problem as a validation failure does, so a caller finds the field where it looks for one.
     */
    record WebhookTargetNotAllowed(FieldProblem problem) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.WEBHOOK_TARGET_NOT_ALLOWED;
        }

        @Override
        public String message() {
            return problem.described();
        }
    }

    /** No API key, a malformed one, an unknown one or a revoked one: all look the same to the caller. */
    record Unauthorized() implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.UNAUTHORIZED;
        }

        @Override
        public String message() {
            return "a valid API key is required";
        }
    }

    /** Known, and not allowed to change anything: a read-only API key, a console viewer. */
    record Forbidden(String message) implements GrantorError {
        public Forbidden {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("a refusal says why");
            }
        }

        /** A read-only API key's. */
        public Forbidden() {
            this("this API key is read-only");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.FORBIDDEN;
        }
    }

    /** Enabling a key whose grant was revoked for a reason other than the key being disabled. */
    record GrantRevokedForGood(String grantId, String reason) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.GRANT_REVOKED;
        }

        @Override
        public String message() {
            return "grant " + grantId + " was revoked (" + reason + "): its license key cannot be enabled";
        }
    }

    record LicenseKeyNotRotatable(String licenseKeyId, String grantStatus) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.LICENSE_KEY_NOT_ROTATABLE;
        }

        @Override
        public String message() {
            return "license key " + licenseKeyId + " belongs to a " + grantStatus + " grant; only a Delivered grant's key can be rotated";
        }
    }

    record ActivationLimitLessThanCurrentAmount(int limit, int current) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT;
        }

        @Override
        public String message() {
            return "an activation limit of " + limit + " is below the key's " + current + " current instances";
        }
    }

    /** The current signing key signs every new key and file: rotate first, then delete the old one. */
    record SigningKeyInUse(String kid) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.SIGNING_KEY_IN_USE;
        }

        @Override
        public String message() {
            return "signing key " + kid + " is the current one: rotate before deleting it";
        }
    }
    /** An entitlement has at most one pool. */
    record KeyPoolExists(String entitlementId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.KEY_POOL_EXISTS;
        }

        @Override
        public String message() {
            return "entitlement " + entitlementId + " already has a key pool";
        }
    }

    /** Only a manual license-key entitlement takes keys made elsewhere. */
    record KeyPoolNeedsManualKeys(String entitlementId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NOT_POOLABLE;
        }

        @Override
        public String message() {
            return "entitlement " + entitlementId + " is not a manual license-key entitlement: only those have a key pool";
        }
    }

    /** A pooled key left the stock already: an assigned one stays with its grant (revoke the grant instead). */
    record PooledKeyNotAvailable(String pooledKeyId, String status) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.POOL_KEY_NOT_AVAILABLE;
        }

        @Override
        public String message() {
            return "pooled key " + pooledKeyId + " is " + status + ", not available";
        }
    }

    /** A grant asked for a pooled key while the pool has none to give. */
    record KeyPoolEmpty(String entitlementId) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.KEY_POOL_EMPTY;
        }

        @Override
        public String message() {
            return "the key pool of entitlement " + entitlementId + " has no available key";
        }
    }

    /** A delivery email can be sent again only once there was one: the grant is Delivered. */
    record GrantNotDelivered(String grantId, String status) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.GRANT_NOT_DELIVERED;
        }

        @Override
        public String message() {
            return "grant " + grantId + " is " + status + ", not Delivered: it has no delivery email to send again";
        }
    }

    /** Only license-key grants are delivered by email; the host delivers every other kind itself. */
    record NoDeliveryEmail(String grantId, String integrationType) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.NO_DELIVERY_EMAIL;
        }

        @Override
        public String message() {
            return "grant " + grantId + " is a " + integrationType + " grant: only license key grants have a delivery email";
        }
    }

    /** The grant's delivery email was resent as often as the caller's limit allows; {@code retryAfterSeconds} >= 1. */
    record ResendRateLimited(String grantId, long retryAfterSeconds) implements GrantorError {
        public ResendRateLimited {
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("a refused resend can be retried no sooner than a second later");
            }
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.RATE_LIMITED;
        }

        @Override
        public String message() {
            return "the delivery email of grant " + grantId + " was resent recently; try again in " + retryAfterSeconds + " s";
        }
    }

    /**
     * Two live keys of one business never share a name, whatever its case: a history that says {@code API key
     * “billing”} names one key. {@code holder} is the id of the unrevoked key that has it, {@code name} the name as that
     * key has it; a revoked key's name is free.
     */
    record ApiKeyNameTaken(String name, String holder) implements GrantorError {
        @Override
        public ErrorCode code() {
            return ErrorCode.API_KEY_NAME_TAKEN;
        }

        @Override
        public String message() {
            return "API key " + holder + " of this business is named “" + name + "” already: pick another name,"
                    + " or rename or revoke that key first";
        }
    }
}
