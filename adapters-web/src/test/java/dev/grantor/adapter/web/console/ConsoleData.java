package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
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

    /** Stock beside waiting grants, as after a crash between an import and its drain: straight into the store. */
    void stockBesideWaitingGrants(BusinessId business, String entitlement, String... values) {
        server.store.transactions().write(() -> {
            var pool = server.store.keyPools().find(business, new EntitlementId(entitlement)).get();
            server.store.keyPools().insertKeys(List.of(values).map(value -> PooledKey.stock(
                    new PooledKeyId(ContractFixtures.id(PooledKeyId.PREFIX)), pool,
                    new FulfillmentTerms(new LicenseKeyValue(value), Option.none(), Option.none()), server.clock.instant())));
            return Either.right(true);
        });
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
