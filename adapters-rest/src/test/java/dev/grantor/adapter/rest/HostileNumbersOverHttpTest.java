package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers whose exponent overflows (issue 11, finding 4): never a 500, never an unbounded BigDecimal, and
 * a number a field cannot hold is a 400/422 that names the field.
 */
class HostileNumbersOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    @Nested
    class In_an_unknown_field {

        @ParameterizedTest
        @ValueSource(strings = {"1e-2147483648", "1e99999999999", "1e2147483647", "-1e-99999999999", "1E+2147483648", "0e-2147483648"})
        void of_a_public_license_call_is_ignored_not_a_500(String number) {
            var response = server.send("POST", "/licenses/validate", null, "{\"license_key\":\"NOPE\",\"n\":" + number + "}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("valid").asBoolean()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e-2147483648", "1e99999999999", "1e2147483647"})
        void of_a_merchant_call_is_ignored_not_a_500(String number) {
            var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                    + "\"integration_config\":{\"fulfillment_mode\":\"manual\",\"x\":" + number + "},\"n\":" + number + "}");

            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Nested
    class In_a_metadata_value {

        @ParameterizedTest
        @ValueSource(strings = {"1e2147483647", "1e99999999999", "1e-2147483648", "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "9007199254740993", "0.10000000000000000001"})
        void outside_what_json_consumers_read_back_is_a_422_naming_the_entry(String number) {
            var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                    + "\"integration_config\":{\"fulfillment_mode\":\"manual\"},\"metadata\":{\"big\":" + number + "}}");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("metadata.big");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.50", "-0.5", "9007199254740992", "-9007199254740991", "1.7976931348623157e308", "2.5e-10", "0", "0.1", "4.9e-324"})
        void inside_that_range_is_kept_as_written(String number) {
            var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                    + "\"integration_config\":{\"fulfillment_mode\":\"manual\"},\"metadata\":{\"n\":" + number + "}}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.raw()).doesNotContain("E+2147483647").doesNotContain("Infinity");
            assertThat(response.json().path("metadata").path("n").decimalValue())
                    .isEqualByComparingTo(new java.math.BigDecimal(number));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e2147483647", "1e-2147483648", "1e400"})
        void of_a_grant_is_a_422_naming_the_entry(String number) {
            String entitlementId = server.manualEntitlement(server.a);
            var response = server.send("POST", "/entitlements/" + entitlementId + "/grants", server.a.writeKey(),
                    "{\"customer\":{\"email\":\"n@example.com\"},\"metadata\":{\"m\":" + number + "}}");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("metadata.m");
        }
    }

    @Nested
    class In_an_integer_field {

        @ParameterizedTest
        @ValueSource(strings = {"1e2147483647", "1e99999999999", "1e400", "99999999999999999999"})
        void too_large_is_a_422_naming_the_field(String number) {
            String entitlementId = server.manualEntitlement(server.a);
            String grantId = server.issue(server.a, entitlementId, "big@example.com").path("id").asText();
            var response = server.send("POST", "/grants/" + grantId + "/license-key", server.a.writeKey(),
                    "{\"key\":\"BIG-NUMBER-KEY-" + Math.abs(number.hashCode()) + "\",\"activations_limit\":" + number + "}");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("activations_limit");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e-2147483648", "1e-400", "0.5"})
        void a_fraction_is_a_400_naming_the_field(String number) {
            String entitlementId = server.manualEntitlement(server.a);
            String grantId = server.issue(server.a, entitlementId, "frac@example.com").path("id").asText();
            var response = server.send("POST", "/grants/" + grantId + "/license-key", server.a.writeKey(),
                    "{\"key\":\"FRACTION-KEY-" + Math.abs(number.hashCode()) + "\",\"activations_limit\":" + number + "}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("activations_limit");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e2147483647", "1e-2147483648", "1e99999999999"})
        void in_an_integration_config_is_refused_with_its_path(String number) {
            var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                    + "\"integration_config\":{\"fulfillment_mode\":\"manual\",\"activations_limit\":" + number + "}}");

            assertThat(response.status()).isIn(400, 422);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("integration_config.activations_limit");
        }
    }

    @Nested
    class Still_accepted {

        @ParameterizedTest
        @ValueSource(strings = {"5"})
        void an_integer(String number) {
            var response = server.send("POST", "/entitlements", server.a.writeKey(), "{\"name\":\"N\",\"integration_type\":\"license_key\","
                    + "\"integration_config\":{\"fulfillment_mode\":\"manual\",\"activations_limit\":" + number + "}}");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("integration_config").path("activations_limit").asInt()).isEqualTo(5);
        }
    }
}
