package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps in and out (issue 11, finding 9): years 1970 to 9999 only, always written as RFC 3339 in UTC with milliseconds. */
class TimestampsOverHttpTest {

    private static final Pattern RFC_3339_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiServer.Response fulfill(String expiresAt) {
        String entitlementId = server.manualEntitlement(server.a);
        String grantId = server.issue(server.a, entitlementId, "time@example.com").path("id").asText();
        return server.send("POST", "/grants/" + grantId + "/license-key", server.a.writeKey(),
                "{\"key\":\"TIME-KEY-" + grantId + "\",\"expires_at\":\"" + expiresAt + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "9999-12-31T23:59:59-18:00", "+10000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z"})
    void an_expiry_outside_the_years_1970_to_9999_is_a_422_naming_the_field(String expiresAt) {
        var response = fulfill(expiresAt);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("expires_at");
    }

    @ParameterizedTest
    @CsvSource({
            "2030-06-01T12:00:00.5+02:00, 2030-06-01T10:00:00.500Z",
            "2030-06-01T00:00:00-18:00, 2030-06-01T18:00:00.000Z",
            "9999-12-31T23:59:59.999Z, 9999-12-31T23:59:59.999Z",
            "9999-12-31T23:59:59+00:00, 9999-12-31T23:59:59.000Z"})
    void an_expiry_in_range_comes_back_in_utc_with_milliseconds(String expiresAt, String written) {
        var response = fulfill(expiresAt);

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.json().path("license_key").path("expires_at").asText()).isEqualTo(written);
        everyTimestampIsRfc3339(response.json(), "");
    }

    @Test
    void every_timestamp_of_a_grant_and_its_key_has_one_form() {
        var fulfilled = requireStatus(fulfill("2031-01-01T00:00:00Z"), 200).json();
        String grantId = fulfilled.path("id").asText();
        String entitlementId = fulfilled.path("entitlement_id").asText();
        var read = requireStatus(server.get("/grants/" + grantId, server.a.readKey()), 200).json();
        var listed = requireStatus(server.get("/entitlements/" + entitlementId + "/grants", server.a.readKey()), 200).json();

        var grantTimestamps = List.of("created_at", "updated_at", "delivered_at", "license_key.expires_at");
        assertThat(everyTimestampIsRfc3339(fulfilled, "")).containsAll(grantTimestamps);
        assertThat(everyTimestampIsRfc3339(read, "")).containsAll(grantTimestamps);
        assertThat(listed.path("items")).singleElement().satisfies(item -> assertThat(item.path("id").asText()).isEqualTo(grantId));
        assertThat(everyTimestampIsRfc3339(listed, "")).containsAll(grantTimestamps.stream().map(at -> "items." + at).toList());
    }

    /** Checks every member named {@code *_at} that is not null, and answers the paths checked. */
    private static List<String> everyTimestampIsRfc3339(JsonNode node, String path) {
        var checked = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(element -> checked.addAll(everyTimestampIsRfc3339(element, path)));
        }
        node.properties().forEach(member -> {
            String at = path + member.getKey();
            if (member.getKey().endsWith("_at") && !member.getValue().isNull()) {
                assertThat(member.getValue().asText()).as(at).matches(RFC_3339_UTC);
                checked.add(at);
            }
            checked.addAll(everyTimestampIsRfc3339(member.getValue(), at + "."));
        });
        return checked;
    }
}
