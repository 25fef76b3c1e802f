package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.GrantorError.Forbidden;
import dev.grantor.domain.shared.GrantorError.GrantNotPending;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyAlreadyExists;
import dev.grantor.domain.shared.GrantorError.LicenseKeyGrantNeedsAKey;
import dev.grantor.domain.shared.GrantorError.LicenseKeyLimitReached;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.GrantorError.LicenseKeyTooShort;
import dev.grantor.domain.shared.GrantorError.NoExpiryOnSubscriptionLicenseKeys;
import dev.grantor.domain.shared.GrantorError.NotALicenseKeyGrant;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.NotManualFulfillment;
import dev.grantor.domain.shared.GrantorError.Unauthorized;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantorErrorTest {

    /** One of each error; the switch below has no default, so a new error breaks this test's compilation. */
    static final List<GrantorError> ONE_OF_EACH = List.of(
            InvalidRequest.of("key", "is required"), ValidationFailed.of("key", "is too long"), new NotFound("grant", "entg_x"),
            new NotALicenseKeyGrant("entg_x", "discord"), new LicenseKeyGrantNeedsAKey("entg_x"), new NotManualFulfillment("entg_x"),
            new GrantNotPending("entg_x", "Failed"), new LicenseKeyAlreadyExists(), new NoExpiryOnSubscriptionLicenseKeys("entg_x"),
            new LicenseKeyNotFound(), new InactiveLicenseKey("expired"), new LicenseKeyLimitReached(3), new Unauthorized(),
            new Forbidden(), new GrantorError.GrantRevokedForGood("entg_x", "refund"),
            new GrantorError.LicenseKeyNotRotatable("lic_x", "Revoked"), new GrantorError.ActivationLimitLessThanCurrentAmount(1, 2),
            new GrantorError.WebhookEndpointLimitReached(20),
            new GrantorError.WebhookTargetNotAllowed(new GrantorError.FieldProblem("url", "must point at a public address")), new LicenseKeyTooShort(16), new GrantorError.SigningKeyInUse("sk_x"),
            new GrantorError.KeyPoolExists("ent_x"), new GrantorError.KeyPoolNeedsManualKeys("ent_x"),
            new GrantorError.PooledKeyNotAvailable("pk_x", "assigned"), new GrantorError.KeyPoolEmpty("ent_x"),
            new GrantorError.GrantNotDelivered("entg_x", "Pending"), new GrantorError.NoDeliveryEmail("entg_x", "github"),
            new GrantorError.ResendRateLimited("entg_x", 600),
            new GrantorError.ApiKeyNameTaken("billing", "key_x"));

    static ErrorCode expectedCode(GrantorError error) {
        return switch (error) {
            case InvalidRequest e -> ErrorCode.INVALID_REQUEST;
            case ValidationFailed e -> ErrorCode.VALIDATION_FAILED;
            case NotFound e -> ErrorCode.NOT_FOUND;
            case NotALicenseKeyGrant e -> ErrorCode.NOT_A_LICENSE_KEY_GRANT;
            case LicenseKeyGrantNeedsAKey e -> ErrorCode.NOT_A_LICENSE_KEY_GRANT;
            case NotManualFulfillment e -> ErrorCode.NOT_MANUAL_FULFILLMENT;
            case GrantNotPending e -> ErrorCode.GRANT_NOT_PENDING;
            case LicenseKeyAlreadyExists e -> ErrorCode.LICENSE_KEY_ALREADY_EXISTS;
            case NoExpiryOnSubscriptionLicenseKeys e -> ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS;
            case LicenseKeyNotFound e -> ErrorCode.LICENSE_KEY_NOT_FOUND;
            case InactiveLicenseKey e -> ErrorCode.INACTIVE_LICENSE_KEY;
            case LicenseKeyLimitReached e -> ErrorCode.LICENSE_KEY_LIMIT_REACHED;
            case Unauthorized e -> ErrorCode.UNAUTHORIZED;
            case Forbidden e -> ErrorCode.FORBIDDEN;
            case GrantorError.GrantRevokedForGood e -> ErrorCode.GRANT_REVOKED;
            case GrantorError.LicenseKeyNotRotatable e -> ErrorCode.LICENSE_KEY_NOT_ROTATABLE;
            case GrantorError.ActivationLimitLessThanCurrentAmount e -> ErrorCode.ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT;
            case GrantorError.SigningKeyInUse e -> ErrorCode.SIGNING_KEY_IN_USE;
            case GrantorError.WebhookEndpointLimitReached e -> ErrorCode.WEBHOOK_LIMIT_REACHED;
            case GrantorError.WebhookTargetNotAllowed e -> ErrorCode.WEBHOOK_TARGET_NOT_ALLOWED;
            case LicenseKeyTooShort e -> ErrorCode.LICENSE_KEY_TOO_SHORT;
            case GrantorError.KeyPoolExists e -> ErrorCode.KEY_POOL_EXISTS;
            case GrantorError.KeyPoolNeedsManualKeys e -> ErrorCode.NOT_POOLABLE;
            case GrantorError.PooledKeyNotAvailable e -> ErrorCode.POOL_KEY_NOT_AVAILABLE;
            case GrantorError.KeyPoolEmpty e -> ErrorCode.KEY_POOL_EMPTY;
            case GrantorError.GrantNotDelivered e -> ErrorCode.GRANT_NOT_DELIVERED;
            case GrantorError.NoDeliveryEmail e -> ErrorCode.NO_DELIVERY_EMAIL;
            case GrantorError.ResendRateLimited e -> ErrorCode.RATE_LIMITED;
            case GrantorError.ApiKeyNameTaken e -> ErrorCode.API_KEY_NAME_TAKEN;
        };
    }

    @Test
    void every_error_names_the_code_of_the_http_contract() {
        for (GrantorError error : ONE_OF_EACH) {
            assertThat(error.code()).as(error.toString()).isEqualTo(expectedCode(error));
            assertThat(error.message()).as(error.toString()).isNotBlank();
        }
    }

    @Test
    void the_errors_cover_every_business_code_and_leave_transport_codes_to_the_adapters() {
        var covered = EnumSet.noneOf(ErrorCode.class);
        ONE_OF_EACH.forEach(e -> covered.add(e.code()));

        assertThat(EnumSet.complementOf(covered)).as("every code is a business failure some error names").isEmpty();
    }

    @Test
    void validation_problems_name_their_fields_and_add_up() {
        var both = ValidationFailed.of("name", "is too long").plus(ValidationFailed.of("metadata", "has too many keys"));

        assertThat(both.details()).containsExactly(new GrantorError.FieldProblem("name", "is too long"),
                new GrantorError.FieldProblem("metadata", "has too many keys"));
        assertThat(both.message()).isEqualTo("name is too long; metadata has too many keys");
    }

    @Test
    void a_values_own_problem_is_named_by_whoever_read_it() {
        var own = ValidationFailed.ofValue("must be >= 1");

        assertThat(own.message()).isEqualTo("must be >= 1");
        assertThat(own.at("activations_limit")).isEqualTo(ValidationFailed.of("activations_limit", "must be >= 1"));
        assertThat(InvalidRequest.ofValue("is required").at("integration_type"))
                .isEqualTo(InvalidRequest.of("integration_type", "is required"));
    }

    @Test
    void a_part_is_renamed_with_what_lies_below_it_and_nothing_else() {
        var problems = ValidationFailed.of("expiresAt", "must be in the future")
                .plus(ValidationFailed.of("limit.value", "must be >= 1"))
                .plus(ValidationFailed.of("expiresAtSoon", "is a different part"));

        var renamed = problems.renamed("expiresAt", "expires_at").renamed("limit", "activations_limit");

        assertThat(renamed.details().map(GrantorError.FieldProblem::field))
                .containsExactly("expires_at", "activations_limit.value", "expiresAtSoon");
        assertThat(renamed.message()).isEqualTo("expires_at must be in the future; activations_limit.value must be >= 1; "
                + "expiresAtSoon is a different part");
        assertThat(problems.renamed("nothing", "else")).isSameAs(problems);
    }

    @Test
    void errors_without_field_problems_are_not_renamed() {
        var notFound = new NotFound("grant", "gra_1");
        var bodyMissing = new InvalidRequest("the request body is required", io.vavr.collection.List.empty());

        assertThat(notFound.at("grant_id")).isSameAs(notFound);
        assertThat(bodyMissing.at("body")).isSameAs(bodyMissing);
    }
}
