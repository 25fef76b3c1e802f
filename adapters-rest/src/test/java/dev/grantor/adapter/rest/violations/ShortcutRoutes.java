package dev.grantor.adapter.rest.violations;

import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.outbox.OutboxRelay;
import dev.grantor.application.port.out.Grants;

/**
 * Breaks the REST adapter's rules on purpose, once each: public beside the API, it reads a store, runs the relay
 * and sends webhooks itself instead of going through the engine's primary ports. Never used.
 */
public final class ShortcutRoutes {

    private final Grants grants;
    private final OutboxRelay relay;

    public ShortcutRoutes(Grants grants, OutboxRelay relay) {
        this.grants = grants;
        this.relay = relay;
    }

    public Object grant(dev.grantor.domain.shared.BusinessId business, dev.grantor.domain.shared.GrantId id) {
        return grants.find(business, id);
    }

    public int flush() {
        return relay.runOnce();
    }

    public HttpWebhookSender sender() {
        return new HttpWebhookSender(WebhookSenderSettings.defaults());
    }
}
