package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.view.EntitlementGrantView;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The complete manual-fulfillment flow of the issue, in memory, from entitlement to revoked key. */
class FullFlowTest {

    final EngineFixture engine = new EngineFixture();

    @Test
    void a_manual_license_key_travels_from_pending_grant_to_customer_to_revocation() {
        var entitlement = engine.manualEntitlement();

        var pending = engine.issue(entitlement);
        assertThat(pending.grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(pending.licenseKey()).isEmpty();
        assertThat(engine.outbox().map(m -> m.topic())).containsExactly("entitlement_grant.created");

        engine.clock.advance(Duration.ofMinutes(5));
        var delivered = engine.grantor.fulfillment().fulfillLicenseKey(engine.business, pending.grant().id().value(),
                new FulfillLicenseKey("  ACME-1234-5678  ", null, null)).get();

        assertThat(delivered.grant().status()).isEqualTo(GrantStatus.DELIVERED);
        assertThat(delivered.grant().deliveredAt()).contains(engine.clock.instant());
        assertThat(delivered.licenseKey().get().value().value()).isEqualTo("ACME-1234-5678");
        assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
        assertThat(engine.outbox(Kind.EVENT).map(m -> m.topic()))
                .containsExactly("entitlement_grant.created", "license_key.created", "entitlement_grant.delivered");
        assertThat(engine.mailer.sent()).isEmpty();

        int handled = engine.grantor.relay().runOnce();

        assertThat(handled).isEqualTo(4);
        assertThat(engine.mailer.sent()).singleElement().satisfies(email -> {
            assertThat(email.key().value()).isEqualTo("ACME-1234-5678");
            assertThat(email.to().value()).isEqualTo("ada@example.com");
            assertThat(email.entitlementName()).isEqualTo(entitlement.name());
            assertThat(email.activationsLimit()).contains(5);
        });
        assertThat(engine.events.published().map(PublishedEvent::type))
                .containsExactly("entitlement_grant.created", "license_key.created", "entitlement_grant.delivered");
        assertThat(engine.outbox().map(m -> m.status()).distinct()).containsExactly(Status.SENT);
        var deliveredEvent = (Map<?, ?>) GrantorJson.read(engine.events.published().last().body());
        assertThat(deliveredEvent.get("data")).isEqualTo(GrantorJson.read(GrantorJson.write(EntitlementGrantView.of(delivered))));
        @SuppressWarnings("unchecked")
        var keyCreated = (Map<String, Object>) ((Map<?, ?>) GrantorJson.read(engine.events.published().get(1).body())).get("data");
        assertThat(keyCreated).containsKeys("id", "brand_id", "business_id", "created_at", "customer_id", "instances_count",
                "key", "product_id", "source", "status", "activations_limit", "expires_at", "payment_id", "subscription_id");
        assertThat(keyCreated.get("product_id")).isEqualTo(entitlement.id().value());
        assertThat(keyCreated.get("brand_id")).isEqualTo(delivered.grant().brandId().value());
        assertThat(keyCreated.get("source")).isEqualTo("manual");

        var activation = engine.grantor.licensing().activate(new ActivateLicense("ACME-1234-5678", "laptop")).get();
        String instance = activation.instance().id().value();
        assertThat(activation.entitlement().id()).isEqualTo(entitlement.id());
        assertThat(engine.grantor.licensing().validate(new ValidateLicense("ACME-1234-5678", instance)).get()).isTrue();
        assertThat(engine.grantor.licensing().deactivate(new DeactivateLicense("ACME-1234-5678", instance)).get()
                .activationsUsed()).isZero();
        assertThat(engine.grantor.licensing().validate(new ValidateLicense("ACME-1234-5678", instance)).get()).isFalse();
        assertThat(engine.grantor.licensing().validate(new ValidateLicense("ACME-1234-5678", null)).get()).isTrue();

        engine.clock.advance(Duration.ofDays(1));
        var revoked = engine.grantor.fulfillment().revoke(engine.business, pending.grant().id().value(),
                new RevokeGrant(entitlement.id().value(), null)).get();

        assertThat(revoked.grant().status()).isEqualTo(GrantStatus.REVOKED);
        assertThat(revoked.licenseKey().get().statusAt(engine.clock.instant())).isEqualTo(LicenseKeyStatus.DISABLED);
        assertThat(engine.grantor.licensing().validate(new ValidateLicense("ACME-1234-5678", null)).get()).isFalse();
        assertThat(engine.outbox(Kind.EVENT).last().topic()).isEqualTo("entitlement_grant.revoked");
        assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
    }
}
