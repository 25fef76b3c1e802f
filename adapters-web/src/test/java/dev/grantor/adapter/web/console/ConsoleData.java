package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.domain.shared.BusinessId;
import java.util.Map;

/** What the console's tests work on: entitlements, waiting grants, a pool, a webhook endpoint. */
final class ConsoleData {

    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";

    private final WebServer server;

    ConsoleData(WebServer server) {
        this.server = server;
    }

    String manualEntitlement(BusinessId business, String name) {
        return entitlement(business, name, Map.of("fulfillment_mode", "manual", "activations_limit", 3));
    }

    String entitlement(BusinessId business, String name, Map<String, Object> config) {
        return server.grantor.entitlements().create(business, new CreateEntitlement(name,
                EngineFixture.wireConfig("license_key", config), null, null)).get().id().value();
    }

    String pooledEntitlement(BusinessId business, String name) {
        String id = manualEntitlement(business, name);
        server.grantor.keyPools().open(business, id, new OpenPool(2L)).get();
        return id;
    }

    String grant(BusinessId business, String entitlement, String email, String name, String payment) {
        return server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, name), payment, null, null)).get().grant().grant().id().value();
    }

    String webhook(BusinessId business) {
        return server.grantor.webhooks().create(business, new CreateWebhook("https://hooks.example.test/grantor",
                "the shop's order system", null, null, null, null, null)).get().id();
    }
}
