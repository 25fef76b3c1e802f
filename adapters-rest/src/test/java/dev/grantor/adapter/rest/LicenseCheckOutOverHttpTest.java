package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.verifier.LicenseFile;
import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /licenses/check-out} over a real socket: which keys get a license file as the merchant disables,
 * enables and expires them, and which instance ids a file may be bound to. A file that is handed out is
 * checked with the customers' verifier against the business's public JWKS, as an application would.
 */
class LicenseCheckOutOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A manual grant of business A delivered with {@code value} (activation limit 2): answers the license key id. */
    private static String deliveredKey(String value) {
        String entitlement = server.manualEntitlement(server.a);
        String grant = server.issue(server.a, entitlement, value.toLowerCase() + "@example.com").path("id").asText();
        return server.fulfill(server.a, grant, value).path("license_key").path("id").asText();
    }

    private static ApiServer.Response checkOut(String value, String instanceId) {
        return server.post("/licenses/check-out", null, json("license_key", value, "license_key_instance_id", instanceId));
    }

    private static ApiServer.Response patch(String id, Object... fields) {
        return requireStatus(server.send("PATCH", "/license_keys/" + id, server.a.writeKey(), json(fields)), 200);
    }

    private static String activate(String value, String name) {
        return requireStatus(server.post("/licenses/activate", null, json("license_key", value, "name", name)), 201)
                .json().path("id").asText();
    }

    private static Verification<LicenseFile> verified(ApiServer.Response file, String value, String instanceId) {
        assertThat(file.status()).as(file.raw()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("text/plain");
        var jwks = requireStatus(server.get("/.well-known/grantor/keys/" + server.a.business().value(), null), 200).raw();
        return LicenseVerifier.of(jwks).verifyFile(file.raw(), value, instanceId, Instant.now());
    }

    private static void refusedAsActivationRefuses(String value, int status, String code, String keyStatus) {
        var refused = checkOut(value, null);
        var activation = server.post("/licenses/activate", null, json("license_key", value, "name", "refused"));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(status);
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.json().path("message").asText()).contains(keyStatus);
        assertThat(activation.status()).isEqualTo(refused.status());
        assertThat(activation.json()).isEqualTo(refused.json());
    }

    @Test
    void a_key_disabled_over_http_gets_no_file_and_once_enabled_again_it_does() {
        String id = deliveredKey("CHECKOUT-DISABLED-1");
        assertThat(verified(checkOut("CHECKOUT-DISABLED-1", null), "CHECKOUT-DISABLED-1", null).isValid()).isTrue();

        assertThat(patch(id, "disabled", true).json().path("status").asText()).isEqualTo("disabled");
        refusedAsActivationRefuses("CHECKOUT-DISABLED-1", 403, "INACTIVE_LICENSE_KEY", "disabled");

        assertThat(patch(id, "disabled", false).json().path("status").asText()).isEqualTo("active");
        assertThat(verified(checkOut("CHECKOUT-DISABLED-1", null), "CHECKOUT-DISABLED-1", null))
                .isInstanceOfSatisfying(Verification.Valid.class, valid -> {
                    var file = (LicenseFile) valid.payload();
                    assertThat(file.licenseKeyId()).isEqualTo(id);
                    assertThat(file.status()).isEqualTo("active");
                });
    }

    @Test
    void an_imported_key_without_a_grant_disabled_gets_no_file() {
        String entitlement = server.manualEntitlement(server.a);
        String customer = server.issue(server.a, entitlement, "checkout-import@example.com").path("customer_id").asText();
        String id = requireStatus(server.post("/license_keys", server.a.writeKey(),
                json("customer_id", customer, "key", "CHECKOUT-IMPORTED-1", "product_id", entitlement)), 200).json().path("id").asText();
        assertThat(verified(checkOut("CHECKOUT-IMPORTED-1", null), "CHECKOUT-IMPORTED-1", null).isValid()).isTrue();

        patch(id, "disabled", true);

        refusedAsActivationRefuses("CHECKOUT-IMPORTED-1", 403, "INACTIVE_LICENSE_KEY", "disabled");
    }

    /** The merchant may only set an expiry in the future, so this one is two seconds ahead and the test waits it out. */
    @Test
    void a_key_gets_files_that_end_with_it_and_none_once_it_has_expired() throws InterruptedException {
        String id = deliveredKey("CHECKOUT-EXPIRING-1");
        Instant expiry = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        patch(id, "expires_at", expiry.toString());

        assertThat(verified(checkOut("CHECKOUT-EXPIRING-1", null), "CHECKOUT-EXPIRING-1", null))
                .isInstanceOfSatisfying(Verification.Valid.class, valid -> assertThat(((LicenseFile) valid.payload()).expiry())
                        .isEqualTo(expiry));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 50);

        refusedAsActivationRefuses("CHECKOUT-EXPIRING-1", 403, "INACTIVE_LICENSE_KEY", "expired");
    }

    /** Check-out is not an activation: a key whose seats are all taken still gets files, for itself and for each seat. */
    @Test
    void a_key_at_its_activation_limit_still_gets_files_for_itself_and_its_instances() {
        deliveredKey("CHECKOUT-FULL-1");
        String laptop = activate("CHECKOUT-FULL-1", "laptop");
        activate("CHECKOUT-FULL-1", "desktop");
        assertThat(server.post("/licenses/activate", null, json("license_key", "CHECKOUT-FULL-1", "name", "third")).code())
                .isEqualTo("LICENSE_KEY_LIMIT_REACHED");

        assertThat(verified(checkOut("CHECKOUT-FULL-1", null), "CHECKOUT-FULL-1", null))
                .isInstanceOfSatisfying(Verification.Valid.class, valid -> assertThat(((LicenseFile) valid.payload()).activationsLimit())
                        .isEqualTo(OptionalInt.of(2)));
        assertThat(verified(checkOut("CHECKOUT-FULL-1", laptop), "CHECKOUT-FULL-1", laptop))
                .isInstanceOfSatisfying(Verification.Valid.class, valid -> {
                    var file = (LicenseFile) valid.payload();
                    assertThat(file.instanceId()).isEqualTo(Optional.of(laptop));
                    assertThat(file.instanceName()).isEqualTo(Optional.of("laptop"));
                });
    }

    @Test
    void an_instance_that_is_not_the_keys_is_not_found() {
        deliveredKey("CHECKOUT-INSTANCE-1");
        deliveredKey("CHECKOUT-INSTANCE-2");
        String mine = activate("CHECKOUT-INSTANCE-1", "mine");
        String others = activate("CHECKOUT-INSTANCE-2", "others");
        requireStatus(server.send("DELETE", "/license_key_instances/" + mine, server.a.writeKey(), null), 204);

        for (String instance : new String[] {mine, others, "lki_000000000000000000000", "not-an-instance-id"}) {
            var refused = checkOut("CHECKOUT-INSTANCE-1", instance);
            assertThat(refused.status()).as(instance).isEqualTo(404);
            assertThat(refused.code()).as(instance).isEqualTo("LICENSE_KEY_NOT_FOUND");
        }
        assertThat(checkOut("NO-SUCH-CHECKOUT-KEY", null).code()).isEqualTo("LICENSE_KEY_NOT_FOUND");
    }

    @Test
    void a_ttl_out_of_range_is_refused_naming_ttl_seconds_as_the_request_does() {
        deliveredKey("CHECKOUT-TTL-1");

        for (long ttl : new long[] {3_599, 31_536_001}) {
            var refused = server.post("/licenses/check-out", null, json("license_key", "CHECKOUT-TTL-1", "ttl_seconds", ttl));
            assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.json().path("details").get(0).path("field").asText()).as(refused.raw()).isEqualTo("ttl_seconds");
            assertThat(refused.json().path("message").asText()).as(refused.raw()).startsWith("ttl_seconds ");
        }
    }
}
