package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept here so that it always compiles and works. */
class EmbeddingExampleTest {

    @Test
    void a_host_embeds_grantor_and_fulfills_a_license_key_by_hand() {
        var store = new InMemoryStore();
        var mailer = new RecordingMailer();
        var grantor = Grantor.builder().storage(store).mailer(mailer).eventSink(new RecordingEventSink()).build();

        var business = grantor.access().createBusiness("Acme").get().id();
        var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Acme Pro",
                LicenseKeyConfig.manual().withActivationsLimit(3), null, null)).get();
        var grant = grantor.issuing().issue(business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), "pay_123", null, null)).get().grant();
        var delivered = grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                new FulfillLicenseKey("ACME-PRO-0001", null, null)).get();
        grantor.relay().runOnce(); // or relay().start() to send in the background

        assertThat(delivered.grant().status().wire()).isEqualTo("Delivered");
        assertThat(mailer.sent()).singleElement().satisfies(email -> assertThat(email.key().value()).isEqualTo("ACME-PRO-0001"));
    }
}
