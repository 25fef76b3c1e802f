package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.contract.Race;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.CustomerPortal.PortalCustomer;
import dev.grantor.application.port.in.CustomerPortal.Refusal;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Races through the real engine, on each database, that the other race classes do not cover: the portal's
 * replacement of a key, and activations of one key against its limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineRaces {

    private JdbcStorage storage;
    private Grantor engine;
    private final MutableClock clock = new MutableClock();

    protected abstract StorageSettings settings();

    @BeforeAll
    void open() {
        storage = JdbcStorage.open(settings().withPoolSize(16));
        engine = Grantor.builder().storage(storage).clock(clock)
                .mailer(emails -> emails.map(email -> SendOutcome.SENT))
                .eventSink(event -> SendOutcome.SENT)
                .build();
    }

    @AfterAll
    void close() {
        storage.close();
    }

    private long count(String sql) {
        return StoredRecords.count(storage, sql);
    }

    private BusinessId business() {
        return engine.access().createBusiness("Shop " + Samples.id("")).get().id();
    }

    private String autoEntitlement(BusinessId business, Integer limit, Map<String, Object> extra) {
        var config = new LinkedHashMap<String, Object>();
        config.put("fulfillment_mode", "auto");
        if (limit != null) {
            config.put("activations_limit", limit);
        }
        config.putAll(extra);
        return engine.entitlements().create(business, new CreateEntitlement("Tool " + Samples.id(""), "license_key", config, null, null))
                .get().id().value();
    }

    private GrantView buy(BusinessId business, String entitlement) {
        return engine.issuing().issue(business, entitlement, new IssueGrant(
                new CustomerContact(null, Samples.id("b") + "@example.com", "Ada"), Samples.id("pay_"), null, null)).get().grant();
    }

    @Test
    void racing_portal_replacements_of_one_key_replace_it_once() {
        var business = business();
        var entitlement = autoEntitlement(business, 3, Map.of("customer_can_rotate", true));
        var grant = buy(business, entitlement);
        clock.advance(Duration.ofHours(1));
        var customer = new PortalCustomer(business, grant.grant().customerId(), Option.none());
        String keyId = grant.licenseKey().get().id().value();

        var outcomes = Race.of(8, n -> engine.customerPortal().replaceKey(customer, grant.grant().id().value()));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(count("SELECT COUNT(*) FROM license_key_past_values WHERE license_key_id = '" + keyId + "'"))
                .as("rotations of the key").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE kind = 'EMAIL' AND business_id = '" + business.value() + "'"))
                .as("the delivery and one replacement's email").isEqualTo(2);
        assertThat(answers.count(Either::isRight)).as("replacements answered as done").isEqualTo(1);
        assertThat(answers.filter(Either::isLeft).map(Either::getLeft)).as("the others meet the quiet time it began")
                .allMatch(Refusal.NotYet.class::isInstance);
    }

    @Test
    void racing_activations_never_pass_the_limit() {
        var business = business();
        var entitlement = autoEntitlement(business, 3, Map.of());
        var grant = buy(business, entitlement);
        String value = grant.licenseKey().get().value().value();

        var outcomes = Race.of(8, n -> engine.licensing().activate(new ActivateLicense(value, "m" + n)));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        assertThat(outcomes.map(Either::get).count(Either::isRight)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM license_key_instances WHERE license_key_id = '"
                + grant.licenseKey().get().id().value() + "'")).isEqualTo(3);
    }
}
