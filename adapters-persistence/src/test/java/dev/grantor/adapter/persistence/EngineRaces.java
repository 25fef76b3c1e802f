package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.contract.Race;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.Registration;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.CustomerPortal.PortalCustomer;
import dev.grantor.application.port.in.CustomerPortal.Refusal;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.LicenseKeyId;
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
 * replacement and resend of a key, activations against the limit (and against a deactivation or a lower limit), a
 * fulfillment against a revocation, and pooled keys taken by issuing against voids and rotations from the pool.
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
        return engine.entitlements().create(business, new CreateEntitlement("Tool " + Samples.id(""), EngineFixture.wireConfig("license_key", config), null, null))
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
    void the_portal_s_ways_in_racing_each_other_all_delete_what_expired_without_a_failure() {
        // each way in deletes the expired links and codes and the old throttle windows in its own unit: on PostgreSQL
        // the deletes meet the same rows, and must wait for each other, not fail
        var business = business();
        var grant = buy(business, autoEntitlement(business, 3, Map.of()));
        String customer = grant.grant().customerId().value();
        String email = storage.customers().find(business, grant.grant().customerId()).get().email().value();
        var shop = java.net.URI.create("https://shop.example/portal");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                engine.customerPortal().mintLink(business, new MintLink(customer, false, null), shop).get();
                engine.customerPortal().redeemCode(business, email, "AAAAAA", "198.51.100." + i);
            }
            clock.advance(Duration.ofDays(2));

            var outcomes = Race.of(12, n -> switch (n % 3) {
                case 0 -> engine.customerPortal().mintLink(business, new MintLink(customer, false, null), shop).map(v -> (Object) v);
                case 1 -> Either.right((Object) engine.customerPortal().redeemCode(business, email, "AAAAAA", "203.0.113." + n));
                default -> engine.customerPortal().requestCode(business, "x" + n + "@example.com", "192.0.2." + n).map(v -> (Object) v);
            });

            assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
            assertThat(outcomes.map(Either::get)).as("every one answered").allMatch(Either::isRight);
            long now = Columns.nanos(clock.instant());
            assertThat(count("SELECT COUNT(*) FROM portal_sign_in_links WHERE expires_at < " + now)).as("expired links").isZero();
            assertThat(count("SELECT COUNT(*) FROM throttle_windows WHERE window_start < " + Columns.nanos(clock.instant().minus(Duration.ofHours(2)))))
                    .as("windows no limit counts").isZero();
        }
    }

    /** Two command lines adding one address at once: one operator, one audit entry, and each told of that operator. */
    @Test
    void racing_adds_of_one_operator_address_make_one_operator_and_every_caller_gets_it() {
        var business = business();

        var outcomes = Race.of(8, n -> engine.operatorAccess().add(business, "team-race@example.com"));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers).as("every one answered").allMatch(Either::isRight);
        assertThat(answers.map(a -> a.get().id()).distinct()).as("one operator for all").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM operators WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_entries WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
    }

    /**
     * Two command lines (or a host's threads) making keys of one name at once, in two cases: each checks before the
     * other commits, so only the store's index can keep the second out. One key and one entry; every other caller is
     * told the name is taken.
     */
    @Test
    void racing_creates_of_one_api_key_name_make_one_key_and_the_others_are_told_the_name_is_taken() {
        var business = business();
        var owner = new dev.grantor.application.port.in.Actor.Owner();

        var outcomes = Race.of(8, n -> engine.access().createApiKey(business, false, Option.some(n % 2 == 0 ? "billing" : "BILLING"),
                owner));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.count(Either::isRight)).as("one winner").isEqualTo(1);
        assertThat(answers.filter(Either::isLeft).map(a -> a.getLeft().code())).as("the others refused")
                .hasSize(7).allMatch(ErrorCode.API_KEY_NAME_TAKEN::equals);
        assertThat(count("SELECT COUNT(*) FROM api_keys WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_entries WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
    }

    /** Renames of two keys to one name, racing a create of it: one of the three holds it, and one entry says so. */
    @Test
    void renames_racing_a_create_to_one_api_key_name_leave_it_to_one_key() {
        var business = business();
        var owner = new dev.grantor.application.port.in.Actor.Owner();
        String first = engine.access().createApiKey(business, false, Option.some("first"), owner).get().id();
        String second = engine.access().createApiKey(business, false, Option.some("second"), owner).get().id();

        var outcomes = Race.of(6, n -> switch (n % 3) {
            case 0 -> engine.accessAdministration().rename(first, Option.some("store"), owner).map(key -> key.id());
            case 1 -> engine.accessAdministration().rename(second, Option.some("Store"), owner).map(key -> key.id());
            default -> engine.access().createApiKey(business, true, Option.some("STORE"), owner).map(key -> key.id());
        });

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.filter(Either::isLeft).map(a -> a.getLeft().code())).allMatch(ErrorCode.API_KEY_NAME_TAKEN::equals);
        assertThat(answers.filter(Either::isRight).map(Either::get).distinct()).as("one key won the name").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM api_keys WHERE business_id = '" + business.value() + "' AND lower(name) = 'store'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_entries WHERE business_id = '" + business.value() + "'"))
                .as("two creations, and the winner's change").isEqualTo(3);
    }

    /** Revocations of one key at once: revoked once, one entry; every caller answered with the revoked key. */
    @Test
    void racing_revocations_of_one_api_key_write_one_entry() {
        var business = business();
        var owner = new dev.grantor.application.port.in.Actor.Owner();
        String key = engine.access().createApiKey(business, false, Option.some("leaked"), owner).get().id();

        var outcomes = Race.of(8, n -> engine.accessAdministration().revoke(key, owner));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        assertThat(outcomes.map(Either::get)).allMatch(a -> a.isRight() && a.get().revokedAt().isDefined());
        assertThat(count("SELECT COUNT(*) FROM audit_entries WHERE business_id = '" + business.value()
                + "' AND action = 'revoked an API key'")).isEqualTo(1);
    }

    @Test
    void racing_creates_of_one_email_make_one_customer_and_every_caller_gets_it() {
        var business = business();

        var outcomes = Race.of(16, n -> engine.customers().create(business,
                new CreateCustomer(n % 2 == 0 ? "race@example.com" : "RACE@Example.com", "Racer " + n, null, null)));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers).as("every one answered").allMatch(Either::isRight);
        var registrations = answers.map(Either::get);
        assertThat(registrations.count(Registration::created)).as("created").isEqualTo(1);
        assertThat(registrations.map(r -> r.customer().id()).distinct()).as("one customer for all").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM customers WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
    }

    @Test
    void a_create_racing_issues_to_the_same_new_email_leaves_one_customer_holding_every_grant() {
        var business = business();
        var entitlement = autoEntitlement(business, 3, Map.of());

        var outcomes = Race.of(8, n -> n % 2 == 0
                ? engine.customers().create(business, new CreateCustomer("New.Buyer@example.com", "Buyer", null, null))
                        .map(r -> r.customer().id().value())
                : engine.issuing().issue(business, entitlement, new IssueGrant(new CustomerContact(null,
                        n % 4 == 1 ? "new.buyer@EXAMPLE.com" : "New.Buyer@example.com", "Buyer"), Samples.id("pay_"), null, null))
                        .map(g -> g.grant().grant().customerId().value()));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers).as("every one answered").allMatch(Either::isRight);
        assertThat(answers.map(Either::get).distinct()).as("one customer for all").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM customers WHERE business_id = '" + business.value() + "'")).isEqualTo(1);
    }

    /**
     * Eight saves made from one view of a customer (eight console tabs, or one double-clicked), each moving the email
     * elsewhere: the first to commit wins, and each other finds the address no longer the one it saw and writes nothing,
     * rather than moving it again over the first unseen.
     */
    @Test
    void changes_made_from_one_view_of_a_customer_leave_one_written_and_refuse_the_others_at_the_field() {
        var business = business();
        String id = engine.customers().create(business, new CreateCustomer("seen@example.com", "Seen", null, null)).get()
                .customer().id().value();
        var seen = new dev.grantor.application.port.in.CustomerManagement.SeenContact("seen@example.com", "Seen", "");

        var outcomes = Race.of(8, n -> engine.customers().update(business, id,
                new UpdateCustomer("moved" + n + "@example.com", null, null, false, null), seen,
                new dev.grantor.application.port.in.Actor.Host()));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.count(Either::isRight)).as("written").isEqualTo(1);
        assertThat(answers.filter(Either::isLeft).map(a -> a.getLeft().code())).as("refused").hasSize(7)
                .allMatch(code -> code == ErrorCode.VALIDATION_FAILED);
        assertThat(answers.filter(Either::isLeft).map(a -> a.getLeft().message()))
                .allMatch(message -> message.startsWith("email changed since it was read: it is now moved"));
        String winner = answers.find(Either::isRight).get().get().email().value();
        assertThat(engine.customers().get(business, id).get().email().value()).isEqualTo(winner);
        assertThat(engine.operatorAccess().actionsOn(business, id).map(a -> a.actor() + " " + a.action() + ": " + a.detail()))
                .as("the one change written, and the refused ones nothing (one instant: ordered by their ids)")
                .containsExactlyInAnyOrder(
                        "host created the customer: email seen@example.com",
                        "host changed the customer: email seen@example.com → " + winner);
    }

    @Test
    void customers_racing_to_take_one_email_leave_it_with_one_and_refuse_the_others_at_the_field() {
        var business = business();
        var ids = java.util.stream.IntStream.range(0, 8).mapToObj(n -> engine.customers().create(business,
                new CreateCustomer("racer" + n + "@example.com", null, null, null)).get().customer().id().value()).toList();

        var outcomes = Race.of(8, n -> engine.customers().update(business, ids.get(n),
                new UpdateCustomer("prize@example.com", null, null, false, null)));

        assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.count(Either::isRight)).as("took the address").isEqualTo(1);
        assertThat(answers.filter(Either::isLeft).map(Either::getLeft)).allMatch(error -> error.code() == ErrorCode.VALIDATION_FAILED
                && error.message().startsWith("email belongs to another customer of this business"));
        assertThat(count("SELECT COUNT(*) FROM customers WHERE email_key = 'prize@example.com'")).isEqualTo(1);
    }

    /**
     * Each change names one field and keeps the others; racing changes of different fields must all land, and an
     * issue refreshing the name must not undo them (nor they it). A unit that read the row before another's change committed wrote
     * the old values of the fields it did not name back over it.
     */
    @Test
    void racing_changes_of_different_fields_of_one_customer_all_land() {
        var business = business();
        var entitlement = autoEntitlement(business, 100, Map.of());
        var customer = engine.customers().create(business, new CreateCustomer("fields@example.com", "Start", null, null))
                .get().customer().id().value();

        for (int round = 0; round < 12; round++) {
            String r = String.valueOf(round);
            var outcomes = Race.of(3, n -> switch (n) {
                case 0 -> engine.customers().update(business, customer, new UpdateCustomer(null, null, "555 01" + r, false, null))
                        .map(c -> (Object) c);
                case 1 -> engine.customers().update(business, customer,
                        new UpdateCustomer(null, null, null, false, Map.of("round", r))).map(c -> (Object) c);
                default -> engine.issuing().issue(business, entitlement, new IssueGrant(
                        new CustomerContact(customer, "fields@example.com", "Name " + r), Samples.id("pay_"), null, null))
                        .map(g -> (Object) g);
            });

            assertThat(outcomes).as("nothing thrown").allMatch(Either::isRight);
            assertThat(outcomes.map(Either::get)).as("every one applied").allMatch(Either::isRight);
            var stored = engine.customers().get(business, customer).get();
            assertThat(stored.phoneNumber().map(p -> p.value()).getOrNull()).as("round " + r).isEqualTo("555 01" + r);
            assertThat(stored.metadata().entries().get("round").getOrNull()).as("round " + r)
                    .isEqualTo(new dev.grantor.domain.shared.Metadata.Text(r));
            assertThat(stored.name().map(nm -> nm.value()).getOrNull()).as("round " + r).isEqualTo("Name " + r);
        }
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

    @Test
    void a_fulfillment_racing_a_revocation_never_leaves_a_revoked_grant_with_a_working_key() {
        for (int round = 0; round < 10; round++) {
            var world = Samples.world(storage);
            var grant = Engines.issuePending(engine, world);
            String value = Samples.keyValue();
            var outcomes = Race.of(2, n -> n == 0
                    ? engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(), new FulfillLicenseKey(value, null, null)).map(v -> (Object) v)
                    : engine.fulfillment().revoke(world.businessId(), grant.value(), new RevokeGrant(null, null)).map(v -> (Object) v));
            assertThat(outcomes).allMatch(Either::isRight);
            var after = storage.grants().find(world.businessId(), grant).get();
            assertThat(after.status().wire()).isEqualTo("Revoked");
            after.licenseKeyId().forEach(k -> assertThat(storage.licenseKeys().find(k).get().disabledAt().isDefined()).isTrue());
            assertThat(engine.licensing().validate(new ValidateLicense(value, null)).get()).isFalse();
        }
    }

    @Test
    void a_deactivation_racing_activations_of_a_full_key_frees_one_seat_that_at_most_one_takes() {
        var business = business();
        var entitlement = autoEntitlement(business, 1, Map.of());
        var grant = buy(business, entitlement);
        String value = grant.licenseKey().get().value().value();
        var first = engine.licensing().activate(new ActivateLicense(value, "first")).get();
        var outcomes = Race.of(6, n -> n == 0
                ? engine.licensing().deactivate(new DeactivateLicense(value, first.instance().id().value())).map(v -> (Object) v)
                : engine.licensing().activate(new ActivateLicense(value, "m" + n)).map(v -> (Object) v));
        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.head().get().isRight()).as("the deactivation").isTrue();
        long activated = outcomes.tail().count(o -> ((Either<?, ?>) o.get()).isRight());
        // activations that ran before the deactivation met the limit; after it, one of them takes the seat
        assertThat(activated).isLessThanOrEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM license_key_instances WHERE license_key_id = '"
                + grant.licenseKey().get().id().value() + "'")).isEqualTo(activated);
    }

    @Test
    void lowering_the_limit_racing_activations_never_leaves_more_instances_than_the_limit() {
        for (int round = 0; round < 5; round++) {
            var business = business();
            var entitlement = autoEntitlement(business, 10, Map.of());
            var grant = buy(business, entitlement);
            String value = grant.licenseKey().get().value().value();
            String keyId = grant.licenseKey().get().id().value();
            engine.licensing().activate(new ActivateLicense(value, "first")).get();
            var outcomes = Race.of(6, n -> n == 0
                    ? engine.licenseKeys().update(business, keyId, new UpdateLicenseKey(1L, false, null, null, false)).map(v -> (Object) v)
                    : engine.licensing().activate(new ActivateLicense(value, "m" + n)).map(v -> (Object) v));
            assertThat(outcomes).allMatch(Either::isRight);
            var key = storage.licenseKeys().find(new LicenseKeyId(keyId)).get();
            assertThat(key.instances().size()).isLessThanOrEqualTo(key.activationsLimit().map(l -> l.value()).getOrElse(99));
        }
    }

    @Test
    void racing_portal_resends_send_the_three_an_hour_allows_and_no_more() {
        var business = business();
        var entitlement = autoEntitlement(business, 3, Map.of());
        var grant = buy(business, entitlement);
        var customer = new PortalCustomer(business, grant.grant().customerId(), Option.none());
        var outcomes = Race.of(8, n -> engine.customerPortal().sendAgain(customer, grant.grant().id().value()));
        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.map(Either::get).count(Either::isRight)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE kind = 'EMAIL' AND business_id = '" + business.value() + "'")).isEqualTo(4);
    }

    @Test
    void voids_racing_issuing_hand_each_pooled_key_to_one_side_only() {
        var world = Samples.world(storage);
        String ent = world.entitlement().id().value();
        engine.keyPools().open(world.businessId(), ent, new OpenPool(0L)).get();
        engine.keyPools().importKeys(world.businessId(), ent, new ImportKeys(io.vavr.collection.List.range(0, 6)
                .map(i -> KeyLine.of(i + 1, "V-" + i + "-" + Samples.keyValue(), null, null)))).get();
        var ids = engine.keyPools().keys(world.businessId(), ent, new ListPooledKeys(100, 0, null)).get().map(k -> k.id().value());
        var outcomes = Race.of(12, n -> n < 6
                ? engine.keyPools().voidKey(world.businessId(), ent, ids.get(n)).map(v -> (Object) v)
                : Either.right((Object) Engines.issuePending(engine, world)));
        assertThat(outcomes).allMatch(Either::isRight);
        long voided = outcomes.take(6).count(o -> ((Either<?, ?>) o.get()).isRight());
        long delivered = count("SELECT COUNT(*) FROM grants WHERE status = 'Delivered' AND business_id = '" + world.businessId().value() + "'");
        assertThat(voided + delivered).isEqualTo(6);
        assertThat(count("SELECT COUNT(*) FROM pooled_keys p JOIN license_keys k ON k.value = p.value WHERE p.status = 'voided'")).isZero();
    }

    @Test
    void rotations_from_a_pool_racing_issuing_take_each_pooled_key_once() {
        var world = Samples.world(storage);
        String ent = world.entitlement().id().value();
        engine.keyPools().open(world.businessId(), ent, new OpenPool(0L)).get();
        engine.keyPools().importKeys(world.businessId(), ent, new ImportKeys(io.vavr.collection.List.range(0, 6)
                .map(i -> KeyLine.of(i + 1, "R-" + i + "-" + Samples.keyValue(), null, null)))).get();
        // the first grant takes one of the six keys; the racers share the other five
        var first = Engines.issuePending(engine, world);
        String keyId = storage.grants().find(world.businessId(), first).get().licenseKeyId().get().value();
        var outcomes = Race.of(10, n -> n < 4
                ? engine.licenseKeys().rotate(world.businessId(), "pool_race", keyId, new RotateLicenseKey(null, false)).map(v -> (Object) v)
                : Either.right((Object) Engines.issuePending(engine, world)));
        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(count("SELECT COUNT(*) FROM (SELECT value FROM license_keys GROUP BY value HAVING COUNT(*) > 1) d")).isZero();
        String pool = engine.keyPools().get(world.businessId(), ent).get().pool().id().value();
        long assigned = count("SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'assigned'");
        assertThat(assigned).isEqualTo(6);
        long live = count("SELECT COUNT(*) FROM pooled_keys p JOIN license_keys k ON k.value = p.value WHERE p.pool_id = '" + pool + "'");
        long rotations = outcomes.take(4).count(o -> ((Either<?, ?>) o.get()).isRight());
        long deliveredGrants = count("SELECT COUNT(*) FROM grants WHERE status = 'Delivered' AND business_id = '" + world.businessId().value() + "'");
        assertThat(live).as("pooled values live as keys").isEqualTo(deliveredGrants);
        assertThat(deliveredGrants + rotations).isEqualTo(6);
    }
}
