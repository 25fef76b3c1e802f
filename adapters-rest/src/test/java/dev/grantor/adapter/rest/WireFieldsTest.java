package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireFieldsTest {

    final WireFields fields = WireFields.of(RestApi.UseCases.class);

    @ParameterizedTest
    @CsvSource({
            "pageSize, page_size",
            "pageNumber, page_number",
            "customer.email, customer.email",
            "customer.customerId, customer.customer_id",
            "digitalProductDelivery.files[0].fileId, digital_product_delivery.files[0].file_id",
            "digitalProductDelivery.externalUrl, digital_product_delivery.external_url",
            "feature.featureType, feature.feature_type",
            "oauthExpiresAt, oauth_expires_at",
            "rateLimit, rate_limit",
            "ttlSeconds, ttl_seconds",
    })
    void a_command_s_property_path_is_named_as_the_codec_writes_the_record(String path, String wire) {
        assertThat(fields.field(path)).isEqualTo(wire);
    }

    @ParameterizedTest
    @CsvSource({
            "metadata.fooBar",
            "metadata.Seats",
            "headers.X-Custom-Header",
            "integration_config.fulfillment_mode",
            "activations_limit",
            "digital_product_delivery.files[1]",
            "keys",
            "somethingElse.pageSize",
    })
    void a_map_s_keys_and_a_path_already_in_wire_terms_stay_as_sent(String path) {
        assertThat(fields.field(path)).isEqualTo(path);
    }

    @Test
    void a_message_naming_another_component_names_it_the_wire_s_way_and_leaves_other_words() {
        assertThat(fields.message("needs an oauthUrl")).isEqualTo("needs an oauth_url");
        assertThat(fields.message("must be less than or equal to 100")).isEqualTo("must be less than or equal to 100");
        assertThat(fields.message("must be an ISO-8601 timestamp, such as 2027-01-01T00:00:00Z"))
                .isEqualTo("must be an ISO-8601 timestamp, such as 2027-01-01T00:00:00Z");
        assertThat(fields.message("refers to fooBar")).isEqualTo("refers to fooBar");
    }
}
