package dev.grantor.application.view;

import dev.grantor.application.port.in.GrantFulfillment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.application.port.in.LicenseKeyManagement.KeyView;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.DeliveryPayload.DeliveredFile;
import dev.grantor.domain.grant.DeliveryPayload.DigitalProductDelivery;
import dev.grantor.domain.grant.DeliveryPayload.Feature;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each view record written by the one codec: members in the contract's order, snake_case, nulls present, instants in
 * the wire's millisecond form. The expected texts are the bytes the hand-built maps these records replace wrote.
 */
class ViewsTest {

    final EngineFixture engine = new EngineFixture();
    static final String AT = "2026-11-27T10:15:30.123Z";

    @Nested
    class A_grant {

        @Test
        void is_written_member_for_member_with_its_key_and_nulls() {
            var delivered = engine.fulfill(engine.issue(engine.manualEntitlement()), "VIEW-1").get();
            var grant = delivered.grant();
            var key = delivered.licenseKey().get();

            assertThat(GrantorJson.write(EntitlementGrantView.of(delivered))).isEqualTo("{\"id\":\"" + grant.id().value()
                    + "\",\"brand_id\":\"" + grant.brandId().value() + "\",\"business_id\":\"" + grant.businessId().value()
                    + "\",\"customer_id\":\"" + grant.customerId().value() + "\",\"entitlement_id\":\"" + grant.entitlementId().value()
                    + "\",\"integration_type\":\"license_key\",\"status\":\"Delivered\",\"metadata\":{},\"created_at\":\"" + AT
                    + "\",\"updated_at\":\"" + AT + "\",\"delivered_at\":\"" + AT + "\",\"revoked_at\":null,\"revocation_reason\":null,"
                    + "\"error_code\":null,\"error_message\":null,\"payment_id\":null,\"subscription_id\":null,"
                    + "\"license_key\":{\"id\":\"" + key.id().value() + "\",\"key\":\"VIEW-1\",\"status\":\"active\","
                    + "\"activations_used\":0,\"activations_limit\":5,\"expires_at\":null},"
                    + "\"digital_product_delivery\":null,\"feature\":null,\"oauth_url\":null,\"oauth_expires_at\":null}");
        }

        @Test
        void shows_the_files_a_host_reported() {
            var issued = engine.issue(engine.entitlement("digital_files", java.util.Map.of("digital_file_ids", java.util.List.of("f1"))));
            var files = new GrantFulfillment.DigitalProductDelivery(java.util.List.of(new GrantFulfillment.DeliveredFile("f1",
                    "a.zip", "https://d.example.com/a", null, null, 12L)), null, null);
            var reported = engine.grantor.fulfillment().reportDelivery(engine.business, issued.grant().id().value(),
                    new ReportDelivery(files, null, null, null)).get();

            String json = GrantorJson.write(EntitlementGrantView.of(reported));

            assertThat(json).endsWith(",\"license_key\":null,\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f1\","
                    + "\"filename\":\"a.zip\",\"download_url\":\"https://d.example.com/a\",\"expires_in\":null,\"content_type\":null,"
                    + "\"file_size\":12}],\"external_url\":null,\"instructions\":null},\"feature\":null,\"oauth_url\":null,"
                    + "\"oauth_expires_at\":null}");
        }

        @Test
        void shows_the_link_a_host_reported_flattened() {
            var issued = engine.issue(engine.githubEntitlement());
            var reported = engine.grantor.fulfillment().reportDelivery(engine.business, issued.grant().id().value(),
                    new ReportDelivery(null, "https://o.example.com", OffsetDateTime.parse("2027-01-01T00:00:00.5Z"), null)).get();

            String json = GrantorJson.write(EntitlementGrantView.of(reported));

            assertThat(json).endsWith(",\"license_key\":null,\"digital_product_delivery\":null,\"feature\":null,"
                    + "\"oauth_url\":\"https://o.example.com\",\"oauth_expires_at\":\"2027-01-01T00:00:00.500Z\"}");
        }

        @Test
        void shows_the_feature_a_flag_is_issued_with() {
            var issued = engine.issue(engine.entitlement("feature_flag", java.util.Map.of("feature_id", "ft", "feature_type", "boolean")));

            String json = GrantorJson.write(EntitlementGrantView.of(issued));

            assertThat(json).endsWith(",\"license_key\":null,\"digital_product_delivery\":null,\"feature\":{\"feature_id\":\"ft\","
                    + "\"feature_type\":\"boolean\"},\"oauth_url\":null,\"oauth_expires_at\":null}");
        }

        @Test
        void in_an_event_envelope_is_the_data_member() {
            var grant = engine.issue(engine.manualEntitlement());
            var view = EntitlementGrantView.of(grant);
            var envelope = new EventEnvelope(grant.grant().businessId().value(), "entitlement_grant.created",
                    Instant.parse("2026-11-27T10:15:30.123456Z"), view);

            assertThat(GrantorJson.write(envelope)).isEqualTo("{\"business_id\":\"" + grant.grant().businessId().value()
                    + "\",\"type\":\"entitlement_grant.created\",\"timestamp\":\"" + AT + "\",\"data\":" + GrantorJson.write(view) + "}");
        }
    }

    @Nested
    class A_license_key {

        @Test
        void is_dodo_s_object_with_the_key_summary_first_and_the_rotation_suffix_last() {
            var delivered = engine.fulfill(engine.issue(engine.manualEntitlement()), "VIEW-2").get();
            var key = delivered.licenseKey().get();
            var grant = delivered.grant();
            var view = LicenseKeyView.of(new KeyView(key, grant.brandId(), Option.some(grant), delivered.readAt()));

            String expected = "{\"id\":\"" + key.id().value() + "\",\"key\":\"VIEW-2\",\"status\":\"active\",\"activations_used\":0,"
                    + "\"activations_limit\":5,\"expires_at\":null,\"business_id\":\"" + key.businessId().value() + "\",\"brand_id\":\""
                    + grant.brandId().value() + "\",\"grant_id\":\"" + grant.id().value() + "\",\"customer_id\":\""
                    + key.customerId().value() + "\",\"entitlement_id\":\"" + key.entitlementId().value() + "\",\"product_id\":\""
                    + key.entitlementId().value() + "\",\"instances_count\":0,\"payment_id\":null,\"subscription_id\":null,"
                    + "\"source\":\"" + key.source().wire() + "\",\"created_at\":\"" + AT + "\"";
            assertThat(GrantorJson.write(view)).isEqualTo(expected + "}");
            assertThat(GrantorJson.write(RotatedLicenseKeyView.of(key, "ab12", grant.brandId(), Option.some(grant), delivered.readAt())))
                    .isEqualTo(expected + ",\"previous_key_suffix\":\"ab12\"}");
            assertThat(GrantorJson.write(LicenseKeyView.of(key, grant, delivered.readAt()))).isEqualTo(expected + "}");
        }
    }

    @Nested
    class An_entitlement {

        @Test
        void writes_is_active_under_its_own_name_and_the_config_in_its_type_s_form() {
            var entitlement = engine.manualEntitlement();

            String json = GrantorJson.write(EntitlementView.of(entitlement));

            assertThat(json).isEqualTo("{\"id\":\"" + entitlement.id().value() + "\",\"business_id\":\""
                    + entitlement.businessId().value() + "\",\"name\":\"Pro license_key\",\"description\":null,"
                    + "\"integration_type\":\"license_key\",\"integration_config\":"
                    + GrantorJson.write(dev.grantor.application.wire.IntegrationConfigFields.write(entitlement.config()))
                    + ",\"metadata\":{},\"is_active\":true,\"created_at\":\"" + AT + "\",\"updated_at\":\"" + AT + "\"}");
        }
    }

    @Nested
    class A_list {

        @Test
        void is_an_items_member() {
            assertThat(GrantorJson.write(Listing.of(List.of(1, 2), n -> n * 10))).isEqualTo("{\"items\":[10,20]}");
            assertThat(GrantorJson.write(Listing.of(List.empty(), n -> n))).isEqualTo("{\"items\":[]}");
        }
    }

    @Nested
    class Metadata_values {

        @Test
        void keep_their_keys_verbatim_their_order_and_a_number_s_scale_both_ways() {
            var metadata = new Metadata(LinkedHashMap.<String, Metadata.Value>empty()
                    .put("zetaKey", new Metadata.Text("a\u2028b"))
                    .put("seats", new Metadata.Number(new BigDecimal("1.50")))
                    .put("big", new Metadata.Number(new BigDecimal("12345678901234567890")))
                    .put("beta", new Metadata.Flag(true)));

            String json = GrantorJson.write(metadata);

            assertThat(json).isEqualTo("{\"zetaKey\":\"a\\u2028b\",\"seats\":1.50,\"big\":12345678901234567890,\"beta\":true}");
            assertThat(GrantorJson.read(json, Metadata.class)).isEqualTo(metadata);
        }
    }

    @Nested
    class A_delivery_payload {

        final DeliveryPayload payload = new DeliveryPayload(
                Option.some(new DigitalProductDelivery(List.of(new DeliveredFile("f1", "a.zip", "https://d.example.com/a",
                        Option.some(3600L), Option.some("application/zip"), Option.none())), Option.some("https://x.example.com"),
                        Option.none())),
                Option.some(new OAuthAccess("https://o.example.com", Option.some(Instant.parse("2027-01-01T00:00:00.123456789Z")))),
                Option.some(new Feature("ft", "flag")));

        @Test
        void is_stored_in_the_column_s_shape_with_the_full_instant_and_read_back_whole() {
            String json = GrantorJson.write(DeliveryPayloadView.of(payload));

            assertThat(json).isEqualTo("{\"digital_product_delivery\":{\"files\":[{\"file_id\":\"f1\",\"filename\":\"a.zip\","
                    + "\"download_url\":\"https://d.example.com/a\",\"expires_in\":3600,\"content_type\":\"application/zip\","
                    + "\"file_size\":null}],\"external_url\":\"https://x.example.com\",\"instructions\":null},"
                    + "\"oauth\":{\"url\":\"https://o.example.com\",\"expires_at\":\"2027-01-01T00:00:00.123456789Z\"},"
                    + "\"feature\":{\"feature_id\":\"ft\",\"feature_type\":\"flag\"}}");
            assertThat(GrantorJson.read(json, DeliveryPayloadView.class).payload()).isEqualTo(payload);
        }

        @Test
        void with_no_parts_is_three_nulls() {
            String json = GrantorJson.write(DeliveryPayloadView.of(DeliveryPayload.NONE));

            assertThat(json).isEqualTo("{\"digital_product_delivery\":null,\"oauth\":null,\"feature\":null}");
            assertThat(GrantorJson.read(json, DeliveryPayloadView.class).payload()).isEqualTo(DeliveryPayload.NONE);
        }
    }

    @Nested
    class Key_pools {

        @Test
        void a_pool_its_keys_and_its_stock_alerts_are_written_in_the_contract_s_members() {
            var entitlement = engine.manualEntitlement();
            var pools = engine.grantor.keyPools();
            var opened = pools.open(engine.business, entitlement.id().value(),
                    new dev.grantor.application.port.in.KeyPoolManagement.OpenPool(1L)).get();

            assertThat(GrantorJson.write(KeyPoolView.of(opened))).isEqualTo("{\"id\":\"" + opened.pool().id().value()
                    + "\",\"entitlement_id\":\"" + entitlement.id().value() + "\",\"available\":0,\"assigned\":0,\"voided\":0,"
                    + "\"low_stock_threshold\":1,\"waiting_grants\":0,\"created_at\":\"" + AT + "\"}");
            var low = new dev.grantor.domain.grant.KeyPoolEvent.LowStock(opened.pool(), 1, 2, Instant.parse(AT));
            assertThat(GrantorJson.write(KeyPoolStockView.of(low))).isEqualTo("{\"pool_id\":\"" + opened.pool().id().value()
                    + "\",\"entitlement_id\":\"" + entitlement.id().value() + "\",\"available\":1,\"low_stock_threshold\":1,"
                    + "\"waiting_grants\":2}");
            assertThat(opened).isInstanceOf(PoolView.class);
        }
    }
}
