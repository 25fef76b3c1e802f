package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.CustomerPortal.PortalCustomer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page of grants reads its keys together: the work list, a customer's grants and the portal's purchases each ask the
 * store once for the keys of the page, where each used to read a page of 100 grants' keys one by one (101 statements
 * on a database for one page).
 */
class PageKeyReadsTest {

    static final int GRANTS = 100;

    private final InMemoryStore memory = new InMemoryStore();
    private final List<String> keyReads = new ArrayList<>();

    @Test
    void the_lists_of_grants_and_the_purchases_page_read_their_keys_in_one_call_a_page() {
        var clock = new MutableClock();
        var grantor = Grantor.builder().storage(memory).licenseKeys(counted(memory.licenseKeys()))
                .mailer(new RecordingMailer()).clock(clock).build();
        BusinessId business = grantor.access().createBusiness("Acme").get().id();
        String entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationsLimit(3), null, null)).get().id().value();
        var customer = grantor.issuing().issue(business, entitlement, EngineFixture.issueTo("reseller@example.com")).get()
                .grant().grant().customerId();
        for (int i = 1; i < GRANTS; i++) {
            clock.advance(Duration.ofMillis(1));
            grantor.issuing().issue(business, entitlement, EngineFixture.issueTo("reseller@example.com")).get();
        }

        keyReads.clear();
        var listed = grantor.grants().list(business, new ListGrants(GRANTS, 0, null, null, null, null)).get();
        assertThat(listed).hasSize(GRANTS).allMatch(view -> view.licenseKey().isDefined());
        assertThat(keyReads).as("the work list's key reads").containsExactly("ofAll");

        keyReads.clear();
        var ofCustomer = grantor.grants().listForCustomer(business, customer.value(), new ListGrants(GRANTS, 0, null, null, null,
                null)).get();
        assertThat(ofCustomer).hasSize(GRANTS).allMatch(view -> view.licenseKey().isDefined());
        assertThat(keyReads).as("a customer's grants' key reads").containsExactly("ofAll");

        keyReads.clear();
        var purchases = grantor.customerPortal().purchases(new PortalCustomer(business, customer, Option.none()), Option.none());
        assertThat(purchases.purchases()).hasSize(25).allMatch(purchase -> purchase.key().isDefined());
        assertThat(keyReads).as("the purchases page's key reads, beside each key's latest past value")
                .filteredOn(read -> !read.equals("latestPastValues")).containsExactly("ofAll");
    }

    /** The store's keys, with each read noted by the name of the port's method the caller used. */
    private LicenseKeys counted(LicenseKeys port) {
        return (LicenseKeys) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LicenseKeys.class},
                (proxy, method, args) -> {
                    if (List.of("of", "ofAll", "find", "latestPastValues").contains(method.getName())) {
                        keyReads.add(method.getName());
                    }
                    try {
                        return method.invoke(port, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
