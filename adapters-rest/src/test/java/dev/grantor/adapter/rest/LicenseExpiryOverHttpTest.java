package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A key's expiry over HTTP, on an engine clock the test moves (the spec's README.md, "After delivery": validation is true
 * only for an unexpired key, a key past {@code expires_at} reads as {@code expired}; http-api.md: activating an expired
 * key is 403 {@code INACTIVE_LICENSE_KEY}). The key's last millisecond still counts; its expiry instant does not.
 */
class LicenseExpiryOverHttpTest {

    private static final String KEY = "KEY-EXPIRES-TOMORROW-1";

    @Test
    void a_key_validates_until_its_expiry_and_from_then_on_is_expired_everywhere_and_refuses_activation() {
        var clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (var server = new ApiServer(clock)) {
            Instant expiry = clock.instant().plus(Duration.ofDays(1));
            String grant = server.issue(server.a, server.manualEntitlement(server.a), "expiring@example.com").path("id").asText();
            var fulfilled = ApiServer.requireStatus(server.post("/grants/" + grant + "/license-key", server.a.writeKey(),
                    json("key", KEY, "expires_at", expiry.toString())), 200).json();
            String licenseKey = fulfilled.path("license_key").path("id").asText();
            String instance = ApiServer.requireStatus(activate("first machine", server), 201).json().path("id").asText();

            clock.set(expiry.minusMillis(1));
            assertThat(valid(server, null)).as("its last millisecond").isTrue();
            assertThat(valid(server, instance)).isTrue();

            clock.set(expiry);
            assertThat(valid(server, null)).isFalse();
            assertThat(valid(server, instance)).isFalse();
            var refused = activate("second machine", server);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("INACTIVE_LICENSE_KEY");
            assertThat(server.get("/grants/" + grant, server.a.readKey()).json().path("license_key").path("status").asText())
                    .isEqualTo("expired");
            assertThat(server.get("/license_keys/" + licenseKey, server.a.readKey()).json().path("status").asText())
                    .isEqualTo("expired");
            assertThat(server.get("/license_keys?status=expired", server.a.readKey()).json().path("items").findValuesAsText("id"))
                    .containsExactly(licenseKey);
            assertThat(server.get("/license_keys?status=active", server.a.readKey()).json().path("items")).isEmpty();
            assertThat(server.get("/license_key_instances?license_key_id=" + licenseKey, server.a.readKey()).json()
                    .path("items").findValuesAsText("id")).as("no instance made by the refusal").containsExactly(instance);
        }
    }

    private static ApiServer.Response activate(String name, ApiServer server) {
        return server.post("/licenses/activate", null, json("license_key", KEY, "name", name));
    }

    private static boolean valid(ApiServer server, String instance) {
        var body = instance == null ? json("license_key", KEY) : json("license_key", KEY, "license_key_instance_id", instance);
        return ApiServer.requireStatus(server.post("/licenses/validate", null, body), 200).json().path("valid").asBoolean();
    }
}
