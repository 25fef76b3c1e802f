package dev.grantor.application.webhook;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.InMemoryWebhooks;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import java.time.InstantSource;
import java.util.List;

/**
 * An engine in memory, webhooks included, built by the facade alone with the given sender. Nothing runs in the
 * background unless a test starts it; {@link #deliverDue()} does one relay pass and one dispatch pass.
 */
public final class WebhookTestbed implements AutoCloseable {

    public final InMemoryStore store = new InMemoryStore();
    public final InMemoryWebhooks tables = new InMemoryWebhooks(store.transactions());
    public final InstantSource clock;
    public final WebhookDispatcher dispatcher;
    public final Webhooks webhooks;
    /** A fan-out over the engine's own stores, for tests that publish an event by hand. */
    public final WebhookFanOut fanOut;
    public final Grantor grantor;
    public final BusinessId business;

    public WebhookTestbed(WebhookSender sender, DispatchPolicy policy, InstantSource clock) {
        this.clock = clock;
        this.grantor = Grantor.builder().storage(store).mailer(new RecordingMailer()).webhookSender(sender)
                .dispatchPolicy(policy).clock(clock).ids(new SecureIdGenerator(clock)).build();
        this.dispatcher = grantor.dispatcher().get();
        this.webhooks = grantor.webhooks();
        this.fanOut = new WebhookFanOut(store.transactions(), store.webhookEndpoints(), store.webhookDeliveries(), clock,
                dispatcher::nudge);
        this.business = grantor.access().createBusiness("Acme").get().id();
    }

    /** A second business of the same engine, for tenant isolation. */
    public BusinessId anotherBusiness() {
        return grantor.access().createBusiness("Globex").get().id();
    }

    public Webhooks.Webhook endpoint(String url, String... filterTypes) {
        return webhooks.create(business, new CreateWebhook(url, null, null, filterTypes.length == 0 ? null : List.of(filterTypes),
                null, null, null)).getOrElseThrow(e -> new IllegalStateException(e.message()));
    }

    public Entitlement manualEntitlement() {
        return grantor.entitlements().create(business, new dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement(
                "Pro", LicenseKeyConfig.manual().withActivationsLimit(5), null, null)).get();
    }

    public GrantView issue(Entitlement entitlement) {
        return grantor.issuing().issue(business, entitlement.id().value(), EngineFixture.issueTo("ada@example.com")).get().grant();
    }

    public GrantView fulfill(GrantView grant, String key) {
        return grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                new dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey(key, null, null)).get();
    }

    /** One relay pass (events fan out to deliveries) and one dispatch pass (due deliveries are sent). */
    public int deliverDue() {
        grantor.relay().runOnce();
        return dispatcher.runOnce();
    }

    @Override
    public void close() {
        grantor.close();
    }
}
