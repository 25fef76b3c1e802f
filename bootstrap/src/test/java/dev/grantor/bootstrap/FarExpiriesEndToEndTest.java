package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Years up to 9999 end to end (issue 11, finding 9), over HTTP on each real store: an expiry at the last millisecond of
 * 9999 is stored and read back exactly whichever way it arrives (a fulfillment, a key's PATCH, a pool import), an expiry
 * computed from a 36,500-year duration stops there, and a creation filter in any year answers instead of failing.
 */
class FarExpiriesEndToEndTest {

    static final String LAST = "9999-12-31T23:59:59.999Z";

    @TempDir
    Path dataDir;

    @Nested
    class On_sqlite {

        @Test
        void the_last_millisecond_of_9999_is_kept_exactly_and_never_a_5xx() {
            run(DatabaseSettings.embedded(dataDir));
        }
    }

    @Nested
    class On_postgresql {

        @Test
        void the_last_millisecond_of_9999_is_kept_exactly_and_never_a_5xx() {
            run(TestPostgres.newDatabase(dataDir));
        }
    }

    static void run(DatabaseSettings database) {
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            var api = new Http(service.url(), token);
            fulfilled(api);
            patched(api);
            pooled(api);
            fromADuration(api);
            filtered(api);
        }
        try (var restarted = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            var api = new Http(restarted.url(), token);
            var keys = api.get("/license_keys?page_size=100");
            assertThat(keys.status()).as(keys.raw()).isEqualTo(200);
            assertThat(keys.body().path("items").findValuesAsText("expires_at")).as("read back from the database after a restart")
                    .hasSize(4).containsOnly(LAST);
        }
    }

    /** A manual fulfillment with the expiry: the grant, the key and a validation agree. */
    static void fulfilled(Http api) {
        String grant = grant(api, manualEntitlement(api));
        var fulfilled = api.post("/grants/" + grant + "/license-key", Map.of("key", "FAR-FULFILLED-0001", "expires_at", LAST));
        assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);
        assertThat(fulfilled.body().path("license_key").path("expires_at").asText()).isEqualTo(LAST);
        assertThat(api.get("/grants/" + grant).body().path("license_key").path("expires_at").asText()).isEqualTo(LAST);
        String keyId = fulfilled.body().path("license_key").path("id").asText();
        assertThat(api.get("/license_keys/" + keyId).body().path("expires_at").asText()).isEqualTo(LAST);
        assertValid(api, "FAR-FULFILLED-0001");
    }

    /** A key's expiry changed by PATCH. */
    static void patched(Http api) {
        String grant = grant(api, manualEntitlement(api));
        var fulfilled = api.post("/grants/" + grant + "/license-key", Map.of("key", "FAR-PATCHED-0002"));
        assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);
        String keyId = fulfilled.body().path("license_key").path("id").asText();
        var patched = api.patch("/license_keys/" + keyId, Map.of("expires_at", LAST));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().path("expires_at").asText()).isEqualTo(LAST);
        assertThat(api.get("/license_keys/" + keyId).body().path("expires_at").asText()).isEqualTo(LAST);
        assertValid(api, "FAR-PATCHED-0002");
    }

    /** A pool import with the expiry fulfills a waiting grant with it; a year past 9999 is that line's problem. */
    static void pooled(Http api) {
        String entitlement = manualEntitlement(api);
        assertThat(api.post("/entitlements/" + entitlement + "/key-pool", Map.of()).status()).isEqualTo(201);
        String grant = grant(api, entitlement);
        var imported = api.post("/entitlements/" + entitlement + "/key-pool/keys", Map.of("keys", List.of(
                Map.of("key", "FAR-POOLED-0003", "expires_at", LAST),
                Map.of("key", "FAR-POOLED-0004", "expires_at", "+10000-01-01T00:00:00Z"))));
        assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
        assertThat(imported.body().path("imported").asInt()).isEqualTo(1);
        assertThat(imported.body().path("fulfilled_grants").asInt()).isEqualTo(1);
        assertThat(imported.body().path("results").get(1).path("status").asText()).isEqualTo("invalid");
        assertThat(imported.body().path("results").get(1).path("error").asText()).contains("9999-12-31T23:59:59.999Z");
        var read = api.get("/grants/" + grant);
        assertThat(read.body().path("license_key").path("expires_at").asText()).as(read.raw()).isEqualTo(LAST);
        assertValid(api, "FAR-POOLED-0003");
    }

    /** 36,500 years from now is past 9999: the expiry stops at its last millisecond instead of failing. */
    static void fromADuration(Http api) {
        var entitlement = api.post("/entitlements", Map.of("name", "Forever", "integration_type", "license_key",
                "integration_config", Map.of("duration_count", 36_500, "duration_interval", "Year")));
        assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);
        String grant = grant(api, entitlement.text("id"));
        var read = api.get("/grants/" + grant);
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(read.body().path("license_key").path("expires_at").asText()).as(read.raw()).isEqualTo(LAST);
        assertValid(api, read.body().path("license_key").path("key").asText());
    }

    /** Creation bounds in any year filter as they say; none reaches a nanosecond column as an overflow. */
    static void filtered(Http api) {
        var all = api.get("/license_keys?created_at_gte=1970-01-01T00:00:00Z&created_at_lte=" + LAST);
        assertThat(all.status()).as(all.raw()).isEqualTo(200);
        assertThat(all.body().path("items").size()).isEqualTo(4);
        var none = api.get("/license_keys?created_at_gte=" + LAST);
        assertThat(none.status()).as(none.raw()).isEqualTo(200);
        assertThat(none.body().path("items").size()).isZero();
        var farther = api.get("/license_keys?created_at_lte=%2B999999999-12-31T23:59:59Z");
        assertThat(farther.status()).as(farther.raw()).isLessThan(500);
    }

    static String manualEntitlement(Http api) {
        var created = api.post("/entitlements", Map.of("name", "Far", "integration_type", "license_key",
                "integration_config", Map.of("fulfillment_mode", "manual", "activations_limit", 2)));
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        return created.text("id");
    }

    static String grant(Http api, String entitlement) {
        var issued = api.post("/entitlements/" + entitlement + "/grants",
                Map.of("customer", Map.of("email", "far@example.com", "name", "Far")));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.text("id");
    }

    static void assertValid(Http api, String key) {
        var validated = api.anonymous().post("/licenses/validate", Map.of("license_key", key));
        assertThat(validated.status()).as(validated.raw()).isEqualTo(200);
        assertThat(validated.body().path("valid").asBoolean()).as(key).isTrue();
    }
}
