package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A store's own read of a grant's parties and own writes of a fulfillment are used when the store is set whole, and
 * dropped when a port they go around is then set on its own: a fulfillment never reads or writes past a port a host
 * replaced.
 */
class StoresOwnWritesTest {

    private final InMemoryStore memory = new InMemoryStore();
    private final List<String> calls = new ArrayList<>();

    /** The in-memory store, with a read of the parties and writes of a fulfillment of its own that say when they run. */
    private Grantor.Storage storeWithItsOwn() {
        var parties = GrantParties.separately(memory.grants(), memory.entitlements(), memory.customers(), memory.keyPools());
        var writes = Fulfillments.separately(memory.licenseKeys(), memory.grants(), memory.outbox(), memory.keyPools());
        Map<String, Object> own = Map.of(
                "grantParties", new GrantParties() {

                    @Override
                    public Option<Parties> find(BusinessId business, GrantId id) {
                        calls.add("store's parties");
                        return parties.find(business, id);
                    }

                    @Override
                    public Option<NextFulfillment> nextFulfillment(KeyPool pool, Instant at, long most) {
                        calls.add("store's next fulfillment");
                        return parties.nextFulfillment(pool, at, most);
                    }
                },
                "fulfillments", (Fulfillments) (key, grant, taken, messages) -> {
                    calls.add("store's writes");
                    writes.record(key, grant, taken, messages);
                });
        return (Grantor.Storage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Grantor.Storage.class},
                (proxy, method, args) -> {
                    if (own.containsKey(method.getName())) {
                        return own.get(method.getName());
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private GrantStatus fulfilledThrough(UnaryOperator<Grantor.Builder> ports) {
        var grantor = ports.apply(Grantor.builder().storage(storeWithItsOwn()).mailer(new RecordingMailer()).clock(new MutableClock()))
                .build();
        var business = grantor.access().createBusiness("Acme").get().id();
        var entitlement = grantor.entitlements().create(business, new dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement(
                "Pro", LicenseKeyConfig.manual().withActivationsLimit(5), null, null)).get();
        var grant = grantor.issuing().issue(business, entitlement.id().value(), EngineFixture.issueTo("ada@example.com")).get().grant();
        calls.clear();
        return grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                new FulfillLicenseKey("KEY-" + System.nanoTime(), null, null)).get().grant().status();
    }

    @Test
    void a_store_set_whole_reads_and_writes_a_fulfillment_its_own_way() {
        assertThat(fulfilledThrough(builder -> builder)).isEqualTo(GrantStatus.DELIVERED);
        assertThat(calls).containsExactly("store's parties", "store's writes");
    }

    @Test
    void a_grants_port_set_on_its_own_drops_both() {
        assertThat(fulfilledThrough(builder -> builder.grants(recorded(Grants.class, memory.grants(), "grants"))))
                .isEqualTo(GrantStatus.DELIVERED);
        assertThat(calls).containsExactly("grants.find", "grants.update");
    }

    @Test
    void a_license_keys_port_set_on_its_own_drops_the_store_s_writes() {
        assertThat(fulfilledThrough(builder -> builder.licenseKeys(recorded(LicenseKeys.class, memory.licenseKeys(), "keys"))))
                .isEqualTo(GrantStatus.DELIVERED);
        assertThat(calls).containsExactly("store's parties", "keys.insert");
    }

    @Test
    void an_outbox_set_on_its_own_drops_the_store_s_writes() {
        assertThat(fulfilledThrough(builder -> builder.outbox(recorded(Outbox.class, memory.outbox(), "outbox"))))
                .isEqualTo(GrantStatus.DELIVERED);
        assertThat(calls).contains("store's parties", "outbox.append").doesNotContain("store's writes");
    }

    @Test
    void a_key_pools_port_set_on_its_own_drops_both() {
        // the store's parties read a pool's next key its own way too
        assertThat(fulfilledThrough(builder -> builder.keyPools(memory.keyPools()))).isEqualTo(GrantStatus.DELIVERED);
        assertThat(calls).doesNotContain("store's parties", "store's writes").isEmpty();
    }

    /** {@code port} with every call of the fulfillment's reads and writes noted under {@code name}. */
    private <T> T recorded(Class<T> type, T port, String name) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (List.of("find", "update", "insert", "append").contains(method.getName())) {
                calls.add(name + "." + method.getName());
            }
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
