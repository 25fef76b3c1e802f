package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reported delivery payload: the edge reads its JSON types, the engine judges its values and names a field by its
 * property path, and the answer names it as the wire does ({@code digital_product_delivery.files[0].download_url}).
 */
class ReportedDeliveryOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String grant() {
        String files = server.entitlement(server.a, "digital_files", json("digital_file_ids", List.of("file_1")));
        return server.issue(server.a, files, "files@example.com").path("id").asText();
    }

    private static ApiServer.Response report(String grantId, String body) {
        return server.send("POST", "/grants/" + grantId + "/delivery", server.a.writeKey(), body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f\",\"filename\":\"a\"}]}} | 400 | INVALID_REQUEST | digital_product_delivery.files[0].download_url | is required",
            "{\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f\",\"filename\":\"a\",\"download_url\":\"u\",\"file_size\":-1}]}} | 422 | VALIDATION_FAILED | digital_product_delivery.files[0].file_size | must be >= 0",
            "{\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f\",\"filename\":\"a\",\"download_url\":\"u\",\"expires_in\":1.5}]}} | 400 | INVALID_REQUEST | digital_product_delivery.files[0].expires_in | must be an integer",
            "{\"digital_product_delivery\":{\"files\":[7]}} | 400 | INVALID_REQUEST | digital_product_delivery.files[0] | must be an object",
            "{\"digital_product_delivery\":{\"files\":{}}} | 400 | INVALID_REQUEST | digital_product_delivery.files | must be an array",
            "{\"digital_product_delivery\":{\"external_url\":\"  \"}} | 400 | INVALID_REQUEST | digital_product_delivery.external_url | must not be blank",
            "{\"feature\":{\"feature_id\":\"a\\u0007b\",\"feature_type\":\"flag\"}} | 422 | VALIDATION_FAILED | feature.feature_id | must not contain control characters",
            "{\"feature\":{\"feature_type\":\"flag\"}} | 400 | INVALID_REQUEST | feature.feature_id | is required",
            "{\"oauth_expires_at\":\"2027-01-01T00:00:00Z\"} | 422 | VALIDATION_FAILED | oauth_expires_at | needs an oauth_url",
    })
    void a_refused_part_is_named_by_its_wire_path(String body, int status, String code, String field, String message) {
        var response = report(grant(), body);

        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isEqualTo(field + " " + message);
        assertThat(response.json().path("details")).hasSize(1);
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo(field);
        assertThat(response.json().path("details").get(0).path("message").asText()).isEqualTo(message);
    }

    @Test
    void an_accepted_payload_comes_back_trimmed_on_the_grant() {
        var response = report(grant(), "{\"digital_product_delivery\":{\"files\":[{\"file_id\":\" f1 \",\"filename\":\"a.zip\","
                + "\"download_url\":\"https://d.example.com/a\",\"file_size\":12}]}}");

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.raw()).contains("\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f1\",\"filename\":\"a.zip\","
                + "\"download_url\":\"https://d.example.com/a\",\"expires_in\":null,\"content_type\":null,\"file_size\":12}],"
                + "\"external_url\":null,\"instructions\":null},\"feature\":null,\"oauth_url\":null,\"oauth_expires_at\":null}");
    }

    /**
     * The grant object shows each part of a delivery only for the integrations it belongs to (files for
     * {@code digital_files}, a link for the invite platforms, a feature for {@code feature_flag}, which is delivered
     * at issue): a part of another integration is refused, and the grant stays {@code Pending}, raising nothing.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "github        | {\"oauth_url\":\"https://o.example.com\",\"feature\":{\"feature_id\":\"beta\",\"feature_type\":\"boolean\"}} | feature",
            "discord       | {\"digital_product_delivery\":{\"instructions\":\"Enjoy\"}} | digital_product_delivery",
            "digital_files | {\"oauth_url\":\"https://o.example.com\"} | oauth_url",
            "digital_files | {\"oauth_url\":\"https://o.example.com\",\"oauth_expires_at\":\"2027-01-01T00:00:00Z\"} | oauth_url",
    })
    void a_part_of_another_integration_is_refused(String type, String body, String field) {
        var config = switch (type) {
            case "github" -> json("target_id", "acme/app", "permission", "pull");
            case "discord" -> json("guild_id", "g1");
            default -> json("digital_file_ids", List.of("file_1"));
        };
        String grantId = server.issue(server.a, server.entitlement(server.a, type, config), type + "@example.com").path("id").asText();

        var response = report(grantId, body);

        assertThat(response.status()).as(response.raw()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("message").asText()).isEqualTo(field + " does not apply to a " + type + " grant");
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo(field);
        var grant = server.get("/grants/" + grantId, server.a.readKey()).json();
        assertThat(grant.path("status").asText()).isEqualTo("Pending");
        assertThat(grant.path("feature").isNull() && grant.path("oauth_url").isNull()
                && grant.path("digital_product_delivery").isNull()).isTrue();
    }

    @Test
    void each_invite_platform_takes_a_link() {
        for (String type : List.of("discord", "telegram", "github", "figma", "framer", "notion")) {
            var config = switch (type) {
                case "discord" -> json("guild_id", "g1");
                case "telegram" -> json("chat_id", "-100123");
                case "github" -> json("target_id", "acme/app", "permission", "pull");
                case "figma" -> json("figma_file_id", "f1");
                case "framer" -> json("framer_template_id", "t1");
                default -> json("notion_template_id", "n1");
            };
            String grantId = server.issue(server.a, server.entitlement(server.a, type, config), type + "-link@example.com")
                    .path("id").asText();

            var response = report(grantId, "{\"oauth_url\":\"https://invite.example.com/" + type + "\"}");

            assertThat(response.status()).as(type + ": " + response.raw()).isEqualTo(200);
            assertThat(response.json().path("oauth_url").asText()).isEqualTo("https://invite.example.com/" + type);
        }
    }

    @Test
    void a_metadata_key_in_camel_case_is_named_as_the_merchant_wrote_it() {
        var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                + "\"integration_config\":{\"fulfillment_mode\":\"manual\"},\"metadata\":{\"seatCount\":1e400}}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("metadata.seatCount");
    }

    @Test
    void a_jakarta_violation_is_named_by_the_wire_member() {
        var response = server.send("GET", "/grants?page_size=101&page_number=-1", server.a.readKey(), null);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("details").findValuesAsText("field")).containsExactly("page_number", "page_size");
        assertThat(response.json().path("message").asText()).startsWith("page_number ").contains("; page_size ");
    }
}
