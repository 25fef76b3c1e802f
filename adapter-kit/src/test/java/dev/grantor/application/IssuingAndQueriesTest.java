package dev.grantor.application;

import static dev.grantor.application.EngineFixture.issueForPayment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.ListEntitlements;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.view.EntitlementGrantView;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IssuingAndQueriesTest {

    final EngineFixture engine = new EngineFixture();
    final Grantor grantor = engine.grantor;

    @Nested
    class Issuing {

        @Test
        void issuing_again_for_the_same_payment_answers_the_existing_grant() {
            var entitlement = engine.manualEntitlement();

            var first = grantor.issuing().issue(engine.business, entitlement.id().value(), issueForPayment("ada@example.com", "pay_1")).get();
            var again = grantor.issuing().issue(engine.business, entitlement.id().value(), issueForPayment("ADA@example.com", "pay_1")).get();

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.grant().grant().id()).isEqualTo(first.grant().grant().id());
            assertThat(engine.outbox(Kind.EVENT)).hasSize(1);
        }

        @Test
        void an_auto_license_key_is_generated_delivered_and_emailed_at_once() {
            var grant = engine.issue(engine.autoEntitlement());

            assertThat(grant.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(grant.licenseKey().get().value().value()).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}");
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
            assertThat(engine.outbox(Kind.EVENT).map(m -> m.topic()))
                    .containsExactly("entitlement_grant.created", "license_key.created", "entitlement_grant.delivered");
        }

        @Test
        void a_known_customer_is_found_by_email_case_insensitively_and_gets_the_new_name() {
            var entitlement = engine.manualEntitlement();
            var first = engine.issue(entitlement);

            var second = grantor.issuing().issue(engine.business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "ADA@EXAMPLE.COM", "Ada Lovelace"), null, null, null)).get().grant();

            assertThat(second.grant().customerId()).isEqualTo(first.grant().customerId());
            assertThat(engine.store.customers().find(engine.business, first.grant().customerId()).get().name().get().value())
                    .isEqualTo("Ada Lovelace");
        }

        @Test
        void a_known_customer_given_another_customer_s_email_is_refused_and_nothing_is_written() {
            var entitlement = engine.manualEntitlement();
            var ada = grantor.issuing().issue(engine.business, entitlement.id().value(), issueForPayment("ada@example.com", "pay_1"))
                    .get().grant().grant().customerId();
            grantor.issuing().issue(engine.business, entitlement.id().value(), issueForPayment("grace@example.com", "pay_1")).get();

            var refused = grantor.issuing().issue(engine.business, entitlement.id().value(), new IssueGrant(
                    new CustomerContact(ada.value(), "GRACE@example.com", "Ada"), "pay_2", null, null));

            assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(refused.getLeft().message()).contains("customer.email");
            assertThat(engine.store.customers().find(engine.business, ada).get().email().value()).isEqualTo("ada@example.com");
            assertThat(engine.store.grants().count(engine.business, Grants.Filter.NONE, Option.none())).isEqualTo(2);
        }

        @Test
        void a_grant_carries_the_business_s_default_brand_and_its_metadata() {
            var entitlement = engine.manualEntitlement();
            var brand = engine.store.businesses().find(engine.business).get().defaultBrandId();

            var grant = grantor.issuing().issue(engine.business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "m@example.com", null), null, null, Map.of("seat", 3))).get().grant();

            assertThat(grant.grant().brandId()).isEqualTo(brand);
            assertThat(written(grant).get("metadata")).isEqualTo(Map.of("seat", 3L));
        }
    }

    @Nested
    class Wire_shapes {

        @Test
        void a_grant_object_has_every_field_of_the_contract_in_order_nulls_included() {
            var grant = engine.issue(engine.manualEntitlement());

            assertThat(written(grant).keySet()).containsExactly("id", "brand_id", "business_id", "customer_id", "entitlement_id",
                    "integration_type", "status", "metadata", "created_at", "updated_at", "delivered_at", "revoked_at",
                    "revocation_reason", "error_code", "error_message", "payment_id", "subscription_id", "license_key",
                    "digital_product_delivery", "feature", "oauth_url", "oauth_expires_at");
            assertThat(written(grant).get("created_at")).isEqualTo("2026-11-27T10:15:30.123Z");
        }

        @Test
        void a_delivered_grant_shows_its_key_with_the_status_read_at_the_view_s_instant() {
            var delivered = engine.fulfill(engine.issue(engine.manualEntitlement()), "WIRE-1").get();

            var key = new java.util.LinkedHashMap<String, Object>();
            key.put("id", delivered.licenseKey().get().id().value());
            key.put("key", "WIRE-1");
            key.put("status", "active");
            key.put("activations_used", 0L);
            key.put("activations_limit", 5L);
            key.put("expires_at", null);
            assertThat(written(delivered).get("license_key")).isEqualTo(key);
        }
    }

    @Nested
    class Queries {

        @Test
        void grants_list_newest_first_and_filter_by_status_case_insensitively() {
            var entitlement = engine.manualEntitlement();
            GrantView older = engine.issue(entitlement);
            engine.clock.advance(Duration.ofSeconds(1));
            GrantView newer = engine.issue(entitlement);
            engine.fulfill(older, "Q-1").get();

            var all = grantor.grants().listForEntitlement(engine.business, entitlement.id().value(), null).get();
            var pending = grantor.grants().list(engine.business, new ListGrants(null, null, "pending", null, null, null)).get();

            assertThat(all.map(v -> v.grant().id())).containsExactly(newer.grant().id(), older.grant().id());
            assertThat(pending.map(v -> v.grant().id())).containsExactly(newer.grant().id());
        }

        @Test
        void a_page_past_the_end_is_empty() {
            engine.issue(engine.manualEntitlement());

            assertThat(grantor.grants().list(engine.business, new ListGrants(10, 1, null, null, null, null)).get()).isEmpty();
        }

        @Test
        void a_customer_s_grants_are_listed_through_the_customer() {
            var grant = engine.issue(engine.manualEntitlement());

            var mine = grantor.grants().listForCustomer(engine.business, grant.grant().customerId().value(), null).get();

            assertThat(mine.map(v -> v.grant().id())).containsExactly(grant.grant().id());
        }

        @Test
        void entitlements_list_only_active_ones_of_the_type_asked_for() {
            var kept = engine.manualEntitlement();
            engine.githubEntitlement();
            grantor.entitlements().delete(engine.business, engine.manualEntitlement().id().value()).get();

            var listed = grantor.entitlements().list(engine.business, new ListEntitlements(null, null, "license_key")).get();

            assertThat(listed.map(e -> e.id())).containsExactly(kept.id());
        }

        @Test
        void an_update_changes_the_name_and_clears_the_description_when_asked() {
            var entitlement = engine.manualEntitlement();

            var updated = grantor.entitlements().update(engine.business, entitlement.id().value(),
                    new UpdateEntitlement("Renamed", null, true, null, null)).get();

            assertThat(updated.name()).isEqualTo("Renamed");
            assertThat(updated.details().description()).isEmpty();
            assertThat(updated.integrationType()).isEqualTo(entitlement.integrationType());
        }
    }

    /** The grant object as the codec writes it, read back into ordered members. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> written(dev.grantor.application.port.in.GrantView view) {
        return (Map<String, Object>) GrantorJson.read(GrantorJson.write(EntitlementGrantView.of(view)));
    }
}
