package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord.Rule;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Grants.Filter;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.IdempotencyRecords.Claim;
import dev.grantor.application.port.out.IdempotencyRecords.StoredResponse;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.Page;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.IntegrationConfig.DigitalFilesConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureFlagConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureType;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the adapter adds to the port contracts: exact round trips of every grant state, the mapping of
 * database errors to the ports' exceptions, and the SQL of paging, leasing and idempotency claims. Run
 * on both databases by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageBehaviour {

    protected JdbcStorage storage;
    private StorageSettings opened;

    protected abstract StorageSettings settings();

    @BeforeAll
    void open() {
        opened = settings();
        storage = JdbcStorage.open(opened);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    @BeforeEach
    void empty() {
        StoredRecords.deleteAll(storage);
    }

    private void inUnit(Runnable work) {
        storage.transactions().write(() -> {
            work.run();
            return Either.right(true);
        });
    }

    /** For a store that must read a key's grant status with the key: asking for it apart fails the test. */
    private static final Predicate<LicenseKey> NEVER_ASKED = found -> {
        throw new AssertionError("the store read the grant apart from the key");
    };

    /** A fulfilled grant and its key holding {@code instances} (activated a second apart), stored as a fulfillment stores them. */
    private LicenseKey storedDeliveredKey(InstanceId... instances) {
        var world = Samples.world(storage);
        var pending = Samples.pendingGrant(world, T0);
        var change = Samples.fulfilled(pending, world.entitlement(), Samples.keyValue(), T0.plusNanos(1));
        var key = change.createdKey().get();
        for (int i = 0; i < instances.length; i++) {
            key = key.activate(instances[i], "machine " + i, T0.plusSeconds(i + 1)).get().licenseKey();
        }
        var delivered = key;
        inUnit(() -> {
            storage.grants().insert(pending);
            storage.licenseKeys().insert(delivered);
            storage.grants().update(change.grant());
        });
        return delivered;
    }

    private Grant stored(Grant grant) {
        return storage.grants().find(grant.businessId(), grant.id()).get();
    }

    private static Grant atVersion(Grant g, long version) {
        return new Grant(g.id(), g.businessId(), g.brandId(), g.customerId(), g.entitlementId(), g.integrationType(),
                g.origin(), g.metadata(), g.createdAt(), g.updatedAt(), g.state(), version);
    }

    @Nested
    class Instances_are_written_one_at_a_time {

        @Test
        void an_activation_inserts_its_instance_and_leaves_the_rows_of_the_others_where_they_were() throws Exception {
            var key = storedDeliveredKey();
            var next = key;
            for (int i = 0; i < 3; i++) {
                var current = storage.licenseKeys().find(key.id()).get();
                next = current.activate(new InstanceId(Samples.id("lki_")), "machine " + i, T0.plusSeconds(i + 1)).get().licenseKey();
                var activated = next;
                inUnit(() -> storage.licenseKeys().update(activated));
            }
            var before = rowAddresses(next);

            var current = storage.licenseKeys().find(key.id()).get();
            var deactivated = current.deactivate(current.instances().get(1).id(), T0.plusSeconds(10)).get().licenseKey();
            inUnit(() -> storage.licenseKeys().update(deactivated));
            var stored = storage.licenseKeys().find(key.id()).get();
            var sixth = stored.activate(new InstanceId(Samples.id("lki_")), "machine 3", T0.plusSeconds(11)).get().licenseKey();
            inUnit(() -> storage.licenseKeys().update(sixth));

            // a row deleted and inserted again gets a new address (rowid, ctid): the two that stayed were not touched
            var after = rowAddresses(sixth);
            assertThat(sixth.instances().map(i -> i.name())).containsExactly("machine 0", "machine 2", "machine 3");
            for (var instance : sixth.instances().take(2)) {
                assertThat(after.get(instance.id().value())).as(instance.name()).isEqualTo(before.get(instance.id().value()));
            }
            assertThat(storage.licenseKeys().find(key.id()).get().instances()).isEqualTo(sixth.instances());
        }

        private java.util.Map<String, String> rowAddresses(LicenseKey key) throws Exception {
            String address = settings().dialect() == Dialect.SQLITE ? "CAST(rowid AS TEXT)" : "ctid::text";
            var found = new java.util.HashMap<String, String>();
            try (var connection = storage.dataSource().getConnection();
                 var statement = connection.prepareStatement("SELECT id, " + address + " FROM license_key_instances"
                         + " WHERE license_key_id = ?")) {
                statement.setString(1, key.id().value());
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return found;
        }
    }

    @Nested
    class A_license_check_reads_once {

        @Test
        void the_key_with_its_instances_and_its_grant_s_revocation_come_from_one_statement() {
            var key = storedDeliveredKey(new InstanceId(Samples.id("lki_")));

            var delivered = storage.licenseKeys().findForCheck(key.value(), NEVER_ASKED);

            var revoked = storage.grants().find(key.businessId(), key.grantId().get()).get()
                    .revoke(dev.grantor.domain.grant.RevocationReason.REFUND, T0.plusSeconds(2)).grant();
            inUnit(() -> storage.grants().update(revoked));
            var afterRevocation = storage.licenseKeys().findForCheck(key.value(), NEVER_ASKED);

            assertThat(delivered.map(checked -> checked.key())).contains(storage.licenseKeys().find(key.id()).get());
            assertThat(delivered.get().key().instances()).hasSize(1);
            assertThat(delivered.get().grantRevoked()).isFalse();
            assertThat(afterRevocation.get().grantRevoked()).isTrue();
        }
    }

    @Nested
    class Grants_round_trip_exactly {

        @Test
        void a_pending_grant_comes_back_equal() {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.grants().insert(grant);
            assertThat(stored(grant)).isEqualTo(grant);
        }

        @Test
        void a_delivered_and_then_revoked_grant_keeps_its_key_delivery() {
            var world = Samples.world(storage);
            var pending = Samples.pendingGrant(world, T0);
            var change = Samples.fulfilled(pending, world.entitlement(), Samples.keyValue(), T0.plusNanos(1));
            inUnit(() -> {
                storage.grants().insert(pending);
                storage.licenseKeys().insert(change.createdKey().get());
                storage.grants().update(change.grant());
            });
            assertThat(stored(pending)).isEqualTo(atVersion(change.grant(), 1));

            var revoked = change.grant().revoke(RevocationReason.REFUND, T0.plusSeconds(5)).grant();
            storage.grants().update(atVersion(revoked, 1));
            assertThat(stored(pending)).isEqualTo(atVersion(revoked, 2));
            assertThat(stored(pending).deliveredAt()).contains(T0.plusNanos(1));
        }

        @Test
        void a_failed_and_then_revoked_grant_keeps_its_failure() {
            var world = Samples.world(storage, new IntegrationConfig.GithubConfig("acme/tool", IntegrationConfig.GithubPermission.PULL));
            var pending = Samples.pendingGrant(world, new GrantOrigin.Subscription("sub_1"), T0);
            storage.grants().insert(pending);
            var failed = pending.reportFailure("GITHUB_DOWN", "GitHub answered 503 ✗", T0.plusSeconds(1)).get().grant();
            storage.grants().update(failed);
            assertThat(stored(pending)).isEqualTo(atVersion(failed, 1));
            var revoked = atVersion(failed, 1).revoke(RevocationReason.SUBSCRIPTION_CANCELLED, T0.plusSeconds(2)).grant();
            storage.grants().update(revoked);
            assertThat(stored(pending)).isEqualTo(atVersion(revoked, 2));
        }

        @Test
        void a_revoked_pending_grant_comes_back_equal() {
            var world = Samples.world(storage);
            var pending = Samples.pendingGrant(world, new GrantOrigin.Direct(), T0);
            storage.grants().insert(pending);
            var revoked = pending.revoke(RevocationReason.MANUAL, T0.plusSeconds(1)).grant();
            storage.grants().update(revoked);
            assertThat(stored(pending)).isEqualTo(atVersion(revoked, 1));
        }

        @Test
        void a_delivered_payload_comes_back_equal() {
            var world = Samples.world(storage, new DigitalFilesConfig(List.of("f1"), Option.some(URI.create("https://x.example/a")),
                    Option.none()));
            var pending = Samples.pendingGrant(world, T0);
            storage.grants().insert(pending);
            var payload = new DeliveryPayload(Option.some(new DeliveryPayload.DigitalProductDelivery(
                    List.of(new DeliveryPayload.DeliveredFile("f1", "tool \"v2\".zip", "https://cdn.example/f1?a=1&b=2",
                            Option.some(3600L), Option.none(), Option.some(Long.MAX_VALUE))),
                    Option.none(), Option.some("Unzip\tit"))),
                    Option.some(new DeliveryPayload.OAuthAccess("https://discord.example/o", Option.some(T0.plusNanos(7)))),
                    Option.none());
            // built by hand: reportDelivery now refuses a link on a files grant, but rows stored before that rule hold both
            var deliveredAt = T0.plusSeconds(1);
            var delivered = new Grant(pending.id(), pending.businessId(), pending.brandId(), pending.customerId(),
                    pending.entitlementId(), pending.integrationType(), pending.origin(), pending.metadata(), pending.createdAt(),
                    deliveredAt, new GrantState.Delivered(deliveredAt, new GrantState.PayloadDelivery(payload)), pending.version());
            storage.grants().update(delivered);
            assertThat(stored(pending)).isEqualTo(atVersion(delivered, 1));
        }

        @Test
        void a_feature_flag_grant_delivered_at_issue_comes_back_equal() {
            var world = Samples.world(storage, new FeatureFlagConfig("export", FeatureType.BOOLEAN));
            var delivered = Samples.issued(world, T0);
            storage.grants().insert(delivered);
            assertThat(stored(delivered)).isEqualTo(delivered);
        }
    }

    @Nested
    class Entitlements {

        @Test
        void every_integration_type_round_trips_with_its_config_and_metadata() {
            var world = Samples.world(storage);
            for (IntegrationType type : IntegrationType.values()) {
                var entitlement = Samples.entitlement(world.businessId(), Samples.config(type), T0);
                storage.entitlements().insert(entitlement);
                assertThat(storage.entitlements().find(world.businessId(), entitlement.id())).contains(entitlement);
            }
        }

        @Test
        void listing_skips_deleted_ones_and_filters_by_type_newest_first() {
            var world = Samples.world(storage);
            var older = Samples.entitlement(world.businessId(), Samples.config(IntegrationType.GITHUB), T0.plusSeconds(1));
            var newer = Samples.entitlement(world.businessId(), Samples.config(IntegrationType.GITHUB), T0.plusSeconds(2));
            var deleted = Samples.entitlement(world.businessId(), Samples.config(IntegrationType.GITHUB), T0.plusSeconds(3));
            List.of(older, newer, deleted).forEach(storage.entitlements()::insert);
            storage.entitlements().update(deleted.delete(T0.plusSeconds(4)));

            assertThat(storage.entitlements().listActive(world.businessId(), Option.some(IntegrationType.GITHUB), new Page(0, 10)))
                    .containsExactly(newer, older);
            assertThat(storage.entitlements().listActive(world.businessId(), Option.none(), new Page(0, 10)))
                    .hasSize(3);
            assertThat(storage.entitlements().find(world.businessId(), deleted.id()).get().deletedAt()).isNotEmpty();
        }
    }

    @Nested
    class Version_guards {

        @Test
        void updating_a_grant_from_a_stale_version_is_a_concurrent_update() {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.grants().insert(grant);
            storage.grants().update(grant.revoke(RevocationReason.MANUAL, T0.plusSeconds(1)).grant());

            assertThatThrownBy(() -> storage.grants().update(grant.revoke(RevocationReason.REFUND, T0.plusSeconds(2)).grant()))
                    .isInstanceOf(ConcurrentUpdate.class);
            assertThat(stored(grant).revocation().get().reason()).isEqualTo(RevocationReason.MANUAL);
        }

        @Test
        void a_license_key_update_replaces_its_instances_in_order_and_guards_its_version() {
            var world = Samples.world(storage);
            var pending = Samples.pendingGrant(world, T0);
            var change = Samples.fulfilled(pending, world.entitlement(), Samples.keyValue(), T0);
            var key = change.createdKey().get();
            inUnit(() -> {
                storage.grants().insert(pending);
                storage.licenseKeys().insert(key);
            });
            var twice = key.activate(new InstanceId(Samples.id(InstanceId.PREFIX)), "laptop", T0.plusNanos(3)).get().licenseKey()
                    .activate(new InstanceId(Samples.id(InstanceId.PREFIX)), "desktop", T0.plusNanos(4)).get().licenseKey();
            storage.licenseKeys().update(twice);
            var stored = storage.licenseKeys().find(key.id()).get();
            assertThat(stored).isEqualTo(withVersion(twice, 1));

            var fewer = stored.deactivate(stored.instances().head().id(), T0.plusSeconds(1)).get().licenseKey();
            storage.licenseKeys().update(fewer);
            assertThat(storage.licenseKeys().findByValue(key.value())).contains(withVersion(fewer, 2));
            assertThatThrownBy(() -> storage.licenseKeys().update(twice)).isInstanceOf(ConcurrentUpdate.class);
        }

        private static LicenseKey withVersion(LicenseKey k, long version) {
            return new LicenseKey(k.id(), k.businessId(), k.grantId(), k.customerId(), k.entitlementId(), k.value(), k.source(),
                    k.activationsLimit(), k.expiresAt(), k.disabledAt(), k.instances(), k.createdAt(), k.updatedAt(), version);
        }
    }

    @Nested
    class Uniqueness_rules {

        @Test
        void a_taken_license_key_value_is_a_duplicate_of_that_rule() {
            var world = Samples.world(storage);
            String value = Samples.keyValue();
            var first = Samples.pendingGrant(world, T0);
            var second = Samples.pendingGrant(world, T0);
            inUnit(() -> {
                storage.grants().insert(first);
                storage.grants().insert(second);
                storage.licenseKeys().insert(Samples.fulfilled(first, world.entitlement(), value, T0).createdKey().get());
            });

            assertThatThrownBy(() -> inUnit(() -> storage.licenseKeys().insert(
                    Samples.fulfilled(second, world.entitlement(), value, T0).createdKey().get())))
                    .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(Rule.LICENSE_KEY_VALUE));
            assertThat(storage.licenseKeys().valueExists(new dev.grantor.domain.grant.LicenseKeyValue(value))).isTrue();
        }

        @Test
        void a_second_grant_for_one_payment_or_subscription_is_a_duplicate_origin() {
            var world = Samples.world(storage);
            for (GrantOrigin origin : List.<GrantOrigin>of(new GrantOrigin.Payment("pay_9"), new GrantOrigin.Subscription("sub_9"))) {
                var first = Samples.pendingGrant(world, origin, T0);
                storage.grants().insert(first);
                assertThatThrownBy(() -> storage.grants().insert(Samples.pendingGrant(world, origin, T0)))
                        .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(Rule.GRANT_ORIGIN));
                assertThat(storage.grants().findByOrigin(world.entitlement().id(), world.customer().id(), origin)).contains(first);
            }
            storage.grants().insert(Samples.pendingGrant(world, new GrantOrigin.Direct(), T0));
            storage.grants().insert(Samples.pendingGrant(world, new GrantOrigin.Direct(), T0));
        }

        @Test
        void an_email_registered_in_any_case_is_a_duplicate_customer_email() {
            var world = Samples.world(storage);
            var same = Customer.register(new CustomerId(Samples.id(CustomerId.PREFIX)), world.businessId(),
                    new EmailAddress(world.customer().email().value().toUpperCase(java.util.Locale.ROOT)), Option.none(), T0);
            assertThatThrownBy(() -> storage.customers().insert(same))
                    .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(Rule.CUSTOMER_EMAIL));
            assertThat(storage.customers().findByEmail(world.businessId(), same.email())).contains(world.customer());
        }

        @Test
        void a_duplicate_inside_a_unit_rolls_back_the_whole_unit() {
            var world = Samples.world(storage);
            var origin = new GrantOrigin.Payment("pay_dup");
            storage.grants().insert(Samples.pendingGrant(world, origin, T0));
            var bystander = Samples.pendingGrant(world, T0);
            assertThatThrownBy(() -> inUnit(() -> {
                storage.grants().insert(bystander);
                storage.grants().insert(Samples.pendingGrant(world, origin, T0));
            })).isInstanceOf(DuplicateRecord.class);
            assertThat(storage.grants().find(world.businessId(), bystander.id())).isEmpty();
        }
    }

    /**
     * A failed statement is logged with its exception (the request pipeline's "unexpected failure"): neither the
     * exception nor its causes may carry the values the statement wrote. Jdbi's default rendering appended every bound
     * argument, and PostgreSQL's error detail quotes the row ("Key (value)=(...)", "Failing row contains (...)").
     */
    @Nested
    class A_failed_statement_s_exception {

        @Test
        void names_no_value_of_a_duplicate_key_nor_of_its_customer() {
            var world = Samples.world(storage);
            String value = Samples.keyValue();
            var first = Samples.pendingGrant(world, T0);
            var second = Samples.pendingGrant(world, T0);
            inUnit(() -> {
                storage.grants().insert(first);
                storage.grants().insert(second);
                storage.licenseKeys().insert(Samples.fulfilled(first, world.entitlement(), value, T0).createdKey().get());
            });

            var failure = catchThrowable(() -> inUnit(() -> storage.licenseKeys().insert(
                    Samples.fulfilled(second, world.entitlement(), value, T0).createdKey().get())));

            assertThat(failure).isInstanceOf(DuplicateRecord.class);
            assertThat(asLogged(failure)).doesNotContain(value).doesNotContain(world.customer().id().value());
        }

        @Test
        void the_database_refused_names_none_of_the_values_it_was_given() throws SQLException {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.grants().insert(grant);
            String value = "REFUSED-" + Samples.keyValue();
            refuseKeysStartingWith("REFUSED-");
            try {
                var failure = catchThrowable(() -> inUnit(() -> storage.licenseKeys().insert(
                        Samples.fulfilled(grant, world.entitlement(), value, T0).createdKey().get())));

                assertThat(failure).as("the database refused the row").isNotNull();
                assertThat(asLogged(failure)).contains("license_keys").doesNotContain(value)
                        .doesNotContain(world.customer().id().value());
            } finally {
                execute(opened.dialect() == Dialect.SQLITE ? "DROP TRIGGER refuse_keys"
                        : "ALTER TABLE license_keys DROP CONSTRAINT refuse_keys");
            }
        }

        /** A rule of the database's own that the adapter knows nothing of, as a broken disk or a DBA's change would be. */
        private void refuseKeysStartingWith(String prefix) throws SQLException {
            execute(opened.dialect() == Dialect.SQLITE
                    ? "CREATE TRIGGER refuse_keys BEFORE INSERT ON license_keys WHEN NEW.value LIKE '" + prefix
                            + "%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                    : "ALTER TABLE license_keys ADD CONSTRAINT refuse_keys CHECK (value NOT LIKE '" + prefix + "%') NOT VALID");
        }

        private void execute(String sql) throws SQLException {
            try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        /** What a log line with this exception shows: the messages and stack traces of it and every cause. */
        private static String asLogged(Throwable failure) {
            var text = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(text));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql) {
                    for (var next = sql.getNextException(); next != null; next = next.getNextException()) {
                        text.append(next.toString());
                    }
                }
            }
            return text.toString();
        }
    }

    @Nested
    class Listing_grants {

        @Test
        void pages_are_newest_first_with_ties_broken_by_id_descending_and_filters_combine() {
            var world = Samples.world(storage);
            var grants = List.range(0, 25).map(i -> Samples.pendingGrant(world, T0.plusSeconds(i / 5)));
            inUnit(() -> grants.forEach(storage.grants()::insert));
            var expected = grants.sortBy(g -> g.createdAt().toString() + " " + g.id().value()).reverse();

            var pages = List.range(0, 3).flatMap(n -> storage.grants().list(world.businessId(), Filter.NONE, new Page(n, 10)));
            assertThat(pages.map(Grant::id)).containsExactlyElementsOf(expected.map(Grant::id));

            var byAll = new Filter(Option.some(world.entitlement().id()), Option.some(world.customer().id()),
                    Option.some(GrantStatus.PENDING), Option.some(IntegrationType.LICENSE_KEY));
            assertThat(storage.grants().list(world.businessId(), byAll, new Page(0, 100))).hasSize(25);
            var delivered = new Filter(Option.none(), Option.none(), Option.some(GrantStatus.DELIVERED), Option.none());
            assertThat(storage.grants().list(world.businessId(), delivered, new Page(0, 100))).isEmpty();
            assertThat(storage.grants().list(Samples.world(storage).businessId(), Filter.NONE, new Page(0, 100))).isEmpty();
        }
    }

    @Nested
    class Outbox {

        @Test
        void a_claim_leases_due_messages_oldest_first_and_hides_them_until_the_lease_ends() {
            var world = Samples.world(storage);
            var messages = List.range(0, 5).map(i -> Samples.message(world.businessId(), Kind.EVENT, T0.plusSeconds(i)));
            storage.outbox().append(messages);
            var now = T0.plusSeconds(10);

            var claimed = storage.outbox().claimDue(now, 3, Duration.ofSeconds(30));
            assertThat(claimed.map(OutboxMessage::id)).containsExactlyElementsOf(messages.take(3).map(OutboxMessage::id));
            assertThat(storage.outbox().claimDue(now, 10, Duration.ofSeconds(30)).map(OutboxMessage::id))
                    .containsExactlyElementsOf(messages.drop(3).map(OutboxMessage::id));
            assertThat(storage.outbox().claimDue(now.plusSeconds(29), 10, Duration.ofSeconds(30))).isEmpty();
            assertThat(storage.outbox().claimDue(now.plusSeconds(31), 10, Duration.ofSeconds(30))).hasSize(5);
        }

        @Test
        void sent_rescheduled_parked_and_requeued_messages_count_where_they_belong() {
            var world = Samples.world(storage);
            var a = Samples.message(world.businessId(), Kind.EMAIL, T0);
            var b = Samples.message(world.businessId(), Kind.EVENT, T0.plusSeconds(1));
            var c = Samples.message(world.businessId(), Kind.EVENT, T0.plusSeconds(2));
            storage.outbox().append(List.of(a, b, c));

            storage.outbox().markSent(a.claim(), T0.plusSeconds(3));
            storage.outbox().reschedule(b.claim(), 1, T0.plusSeconds(60), "timeout");
            storage.outbox().park(c.claim(), 5, "mailbox unknown", T0.plusSeconds(3));

            assertThat(storage.outbox().find(a.id()).get().status()).isEqualTo(OutboxMessage.Status.SENT);
            assertThat(storage.outbox().find(b.id()).get()).isEqualTo(new OutboxMessage(b.id(), b.businessId(), b.kind(), b.topic(),
                    b.payload(), b.createdAt(), 1, T0.plusSeconds(60), OutboxMessage.Status.PENDING, Option.some("timeout")));
            assertThat(storage.outbox().depth(T0.plusSeconds(10)))
                    .isEqualTo(new dev.grantor.application.port.out.Outbox.Depth(1, 1, Option.none()));
            assertThat(storage.outbox().depth(T0.plusSeconds(60)).oldestDueCreatedAt()).contains(b.createdAt());
            assertThat(storage.outbox().list(OutboxMessage.Status.PARKED, new Page(0, 10)).map(OutboxMessage::id)).containsExactly(c.id());

            assertThat(storage.outbox().requeue(c.id(), T0.plusSeconds(70))).isTrue();
            assertThat(storage.outbox().requeue(c.id(), T0.plusSeconds(70))).isFalse();
            var requeued = storage.outbox().find(c.id()).get();
            assertThat(requeued.status()).isEqualTo(OutboxMessage.Status.PENDING);
            assertThat(requeued.attempts()).isZero();
            assertThat(requeued.nextAttemptAt()).isEqualTo(T0.plusSeconds(70));
        }
    }

    /**
     * A unit's outbox messages reach the database at once: on PostgreSQL one statement and one round trip (a batch of
     * one-row inserts is one round trip too, but the server runs one execution per row); on SQLite, in process, a
     * batch of the one-row statement, which measured cheaper there.
     */
    @Nested
    class A_unit_s_outbox_messages_go_in_at_once {

        private static final String INSERT = "INSERT INTO outbox ";

        @Test
        void on_postgresql_one_statement_in_one_round_trip_carries_them_all_on_sqlite_one_batch() throws Exception {
            var world = Samples.world(storage);
            var messages = List.of(Samples.message(world.businessId(), Kind.EVENT, T0),
                    Samples.message(world.businessId(), Kind.EVENT, T0), Samples.message(world.businessId(), Kind.EMAIL, T0));
            try (var sockets = countedSockets()) {
                var counting = new CountingDataSource(sockets.dataSource());
                var transactions = new JdbcTransactions(counting.dataSource(), opened.dialect(), HostTransactions.NONE);
                var outbox = new JdbcOutbox(transactions, opened.dialect());
                long[] trips = new long[1];

                transactions.write(() -> {
                    long before = dev.grantor.adapter.persistence.bench.CountingSocketFactory.roundTrips();
                    outbox.append(messages);
                    trips[0] = dev.grantor.adapter.persistence.bench.CountingSocketFactory.roundTrips() - before;
                    return Either.right(true);
                });

                var inserts = counting.drain().stream().map(CountingDataSource.Execution::sql).filter(sql -> sql.startsWith(INSERT))
                        .toList();
                if (opened.dialect() == Dialect.POSTGRESQL) {
                    assertThat(inserts).as("executions of an outbox INSERT").hasSize(1);
                    assertThat(trips[0]).as("round trips of the append (the unit's BEGIN rides along)").isEqualTo(1);
                } else {
                    assertThat(inserts).as("executions of an outbox INSERT").hasSize(3).allMatch(sql -> sql.equals(inserts.get(0)));
                }
            }
            for (var message : messages) {
                assertThat(storage.outbox().find(message.id())).contains(message);
            }
        }

        @Test
        void a_unit_of_more_messages_than_one_statement_carries_goes_in_whole_in_a_few_statements() {
            var world = Samples.world(storage);
            var messages = List.range(0, 250).map(i -> Samples.message(world.businessId(), i % 5 == 0 ? Kind.EMAIL : Kind.EVENT,
                    T0.plusNanos(i)));
            var counting = new CountingDataSource(storage.dataSource());
            var transactions = new JdbcTransactions(counting.dataSource(), opened.dialect(), HostTransactions.NONE);
            var outbox = new JdbcOutbox(transactions, opened.dialect());

            transactions.write(() -> {
                outbox.append(messages);
                return Either.right(true);
            });

            long inserts = counting.drain().stream().filter(execution -> execution.sql().startsWith(INSERT)).count();
            assertThat(inserts).isEqualTo(opened.dialect() == Dialect.POSTGRESQL ? 3 : 250);
            for (var message : messages) {
                assertThat(storage.outbox().find(message.id())).contains(message);
            }
            assertThat(storage.outbox().claimDue(T0.plusSeconds(1), 1000, Duration.ofSeconds(30)).map(OutboxMessage::id))
                    .containsExactlyElementsOf(messages.map(OutboxMessage::id));
        }
    }

    /** On PostgreSQL connections whose sockets count round trips; on SQLite the storage's own (no network). */
    private CountedSockets countedSockets() {
        if (opened.dialect() != Dialect.POSTGRESQL) {
            return new CountedSockets(storage.dataSource(), null);
        }
        var config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(opened.jdbcUrl() + (opened.jdbcUrl().contains("?") ? "&" : "?") + "socketFactory="
                + dev.grantor.adapter.persistence.bench.CountingSocketFactory.class.getName());
        config.setUsername(opened.user());
        config.setPassword(opened.password());
        config.setMaximumPoolSize(1);
        config.setAutoCommit(true);
        var pool = new com.zaxxer.hikari.HikariDataSource(config);
        return new CountedSockets(pool, pool);
    }

    private record CountedSockets(javax.sql.DataSource dataSource, com.zaxxer.hikari.HikariDataSource own) implements AutoCloseable {
        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }

    /** What {@code work} answered in a write unit on a connection of its own, with the statements and round trips it took. */
    private record Counted<T>(T result, java.util.List<String> statements, long roundTrips) {}

    private <T> Counted<T> inCountedUnit(java.util.function.Function<JdbcTransactions, T> work) throws Exception {
        try (var sockets = countedSockets()) {
            var counting = new CountingDataSource(sockets.dataSource());
            var transactions = new JdbcTransactions(counting.dataSource(), opened.dialect(), HostTransactions.NONE);
            long[] trips = new long[1];
            T result = transactions.write(() -> {
                long before = dev.grantor.adapter.persistence.bench.CountingSocketFactory.roundTrips();
                T answered = work.apply(transactions);
                trips[0] = dev.grantor.adapter.persistence.bench.CountingSocketFactory.roundTrips() - before;
                return Either.<RuntimeException, T>right(answered);
            }).get();
            return new Counted<>(result, counting.drain().stream().map(CountingDataSource.Execution::sql).toList(), trips[0]);
        }
    }

    /**
     * A validation reads one row: the key, its grant's status, and only the instance it names (issue 19: joining every
     * instance and sorting them made PostgreSQL's statement about 40% dearer under pgbench).
     */
    @Nested
    class A_validation_s_read {

        @Test
        void is_one_statement_of_one_row_with_only_the_named_instance() throws Exception {
            var second = new InstanceId(Samples.id("lki_"));
            var key = storedDeliveredKey(new InstanceId(Samples.id("lki_")), second);

            var unnamed = inCountedUnit(transactions -> new JdbcLicenseKeys(transactions, opened.dialect())
                    .findForValidation(key.value(), Option.none(), NEVER_ASKED));
            var named = inCountedUnit(transactions -> new JdbcLicenseKeys(transactions, opened.dialect())
                    .findForValidation(key.value(), Option.some(second), NEVER_ASKED));

            assertThat(unnamed.result().get().key().instances()).isEmpty();
            assertThat(named.result().get().key().instances()).singleElement().satisfies(held -> assertThat(held.id()).isEqualTo(second));
            for (var counted : List.of(unnamed, named)) {
                var reads = counted.statements().stream().filter(sql -> sql.startsWith("SELECT")).toList();
                assertThat(reads).as("statements of the read").singleElement().satisfies(sql -> assertThat(sql).doesNotContain("ORDER BY"));
                assertThat(counted.result().get().grantRevoked()).isFalse();
            }
            assertThat(unnamed.statements()).as("no instance named, none read").noneMatch(sql -> sql.contains("license_key_instances"));
        }
    }

    /**
     * On PostgreSQL a fulfillment reads its grant with the entitlement and customer it names in one statement, one
     * round trip where three separate reads took three; on SQLite, in process, three plain reads (measured faster there
     * than preparing the join each time).
     */
    @Nested
    class A_grant_s_parties {

        @Test
        void come_in_one_statement_and_one_round_trip() throws Exception {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.transactions().write(() -> {
                storage.grants().insert(grant);
                return Either.right(true);
            });
            var counted = inCountedUnit(transactions -> new JdbcGrantParties(transactions).find(world.businessId(), grant.id()));

            var found = counted.result();
            assertThat(found.map(GrantParties.Parties::customer)).contains(world.customer());
            assertThat(found.map(GrantParties.Parties::entitlement)).contains(world.entitlement());
            var reads = counted.statements().stream().filter(sql -> sql.startsWith("SELECT")).toList();
            assertThat(reads).as("statements of the read").hasSize(1);
            if (opened.dialect() == Dialect.POSTGRESQL) {
                assertThat(counted.roundTrips()).as("round trips of the read (the unit's BEGIN rides along)").isEqualTo(1);
            }
            assertThat(storage.grantParties() instanceof JdbcGrantParties).as("the storage joins on PostgreSQL only")
                    .isEqualTo(opened.dialect() == Dialect.POSTGRESQL);
            assertThat(storage.grantParties().find(world.businessId(), grant.id()).map(GrantParties.Parties::grant))
                    .contains(grant);
        }
    }

    /**
     * On PostgreSQL a fulfillment's key, grant and outbox rows go in one statement, one round trip where the three ports
     * take three; on SQLite (no data-modifying WITH, and no round trips) through the ports.
     */
    @Nested
    class A_fulfillment_s_writes {

        @Test
        void go_in_one_statement_and_one_round_trip_on_postgresql() throws Exception {
            var world = Samples.world(storage);
            var pending = Samples.pendingGrant(world, T0);
            storage.transactions().write(() -> {
                storage.grants().insert(pending);
                return Either.right(true);
            });
            var change = Samples.fulfilled(pending, world.entitlement(), Samples.keyValue(), T0.plusSeconds(1));
            var messages = io.vavr.collection.List.of(OutboxMessage.Kind.EVENT, OutboxMessage.Kind.EVENT, OutboxMessage.Kind.EMAIL)
                    .map(kind -> Samples.message(world.businessId(), kind, T0.plusSeconds(1)));
            assertThat(storage.fulfillments() instanceof JdbcFulfillments).as("one statement on PostgreSQL only")
                    .isEqualTo(opened.dialect() == Dialect.POSTGRESQL);
            if (opened.dialect() != Dialect.POSTGRESQL) {
                return;
            }
            var counted = inCountedUnit(transactions -> {
                new JdbcFulfillments(transactions, (key, grant, taken, rows) -> {
                    throw new AssertionError("a fulfillment's writes went through the ports");
                }).record(change.createdKey().get(), change.grant(), messages);
                return true;
            });

            assertThat(counted.statements()).as("statements of the writes").hasSize(1);
            assertThat(counted.roundTrips()).as("round trips of the writes (the unit's BEGIN rides along)").isEqualTo(1);
            assertThat(storage.grants().find(world.businessId(), pending.id()).map(Grant::version)).contains(1L);
            assertThat(storage.licenseKeys().find(change.createdKey().get().id())).contains(change.createdKey().get());
            assertThat(storage.outbox().claimDue(T0.plusSeconds(60), 10, Duration.ofMinutes(1)).map(OutboxMessage::id))
                    .containsExactlyInAnyOrderElementsOf(messages.map(OutboxMessage::id));
        }
    }

    @Nested
    class Idempotency_claims {

        private final Duration ttl = Duration.ofHours(24);

        @Test
        void a_key_is_claimed_once_then_in_progress_then_replayed_and_mismatched_for_another_request() {
            var business = Samples.world(storage).businessId();
            assertThat(storage.idempotencyRecords().claim(business, "k1", "POST /x A", T0, ttl, ttl)).isInstanceOf(Claim.Claimed.class);
            assertThat(storage.idempotencyRecords().claim(business, "k1", "POST /x A", T0, ttl, ttl)).isInstanceOf(Claim.InProgress.class);
            storage.idempotencyRecords().complete(business, "k1", new StoredResponse(200, "{\"ok\":true}"), T0.plusSeconds(1));
            assertThat(storage.idempotencyRecords().claim(business, "k1", "POST /x A", T0.plusSeconds(2), ttl, ttl))
                    .isEqualTo(new Claim.Replay(new StoredResponse(200, "{\"ok\":true}")));
            assertThat(storage.idempotencyRecords().claim(business, "k1", "POST /x B", T0.plusSeconds(2), ttl, ttl))
                    .isInstanceOf(Claim.Mismatch.class);
            assertThat(storage.idempotencyRecords().claim(business, "k1", "POST /x B", T0.plus(ttl).plusSeconds(1), ttl, ttl))
                    .isInstanceOf(Claim.Claimed.class);
        }

        /** The engine's idempotent requests over this storage, with its records' {@code complete} failing when asked. */
        private IdempotentRequests requests(boolean completeFails) {
            var records = storage.idempotencyRecords();
            var failing = (IdempotencyRecords) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {IdempotencyRecords.class},
                    (proxy, method, args) -> {
                        if (completeFails && method.getName().equals("complete")) {
                            throw new IllegalStateException("the node stops before the answer is stored");
                        }
                        try {
                            return method.invoke(records, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return Grantor.builder().storage(storage).idempotencyRecords(failing)
                    .mailer(emails -> emails.map(email -> SendOutcome.SENT)).eventSink(event -> SendOutcome.SENT)
                    .build().idempotentRequests().get();
        }

        private long grants() {
            return StoredRecords.count(storage, "SELECT count(*) FROM grants");
        }

        @Test
        void a_success_is_stored_in_the_unit_of_its_work_so_failing_to_store_it_takes_the_work_back() {
            var world = Samples.world(storage);
            var requests = requests(true);
            assertThat(requests.claim(world.businessId(), "k3", "POST /grants A", ttl)).isInstanceOf(
                    IdempotentRequests.Claim.Claimed.class);

            assertThatThrownBy(() -> requests.runClaimed(world.businessId(), "k3", () -> {
                storage.grants().insert(Samples.pendingGrant(world, T0));
                return Either.<String, String>right("201 issued");
            }, answer -> Option.some(new IdempotentRequests.StoredResponse(201, answer))))
                    .hasMessageContaining("before the answer is stored");

            assertThat(grants()).as("the grant whose answer was never stored").isZero();
            assertThat(requests.claim(world.businessId(), "k3", "POST /grants A", ttl)).as("released for the retry")
                    .isInstanceOf(IdempotentRequests.Claim.Claimed.class);
        }

        @Test
        void a_success_and_its_answer_commit_together_and_a_refusal_takes_back_what_it_wrote_and_is_stored_after() {
            var world = Samples.world(storage);
            var requests = requests(false);
            var business = world.businessId();
            requests.claim(business, "k4", "POST /grants A", ttl);
            requests.claim(business, "k5", "POST /grants B", ttl);

            String issued = requests.runClaimed(business, "k4", () -> {
                storage.grants().insert(Samples.pendingGrant(world, T0));
                return Either.<String, String>right("issued");
            }, answer -> Option.some(new IdempotentRequests.StoredResponse(201, answer)));
            String refused = requests.runClaimed(business, "k5", () -> {
                storage.grants().insert(Samples.pendingGrant(world, T0));
                return Either.<String, String>left("refused");
            }, answer -> Option.some(new IdempotentRequests.StoredResponse(422, answer)));

            assertThat(issued).isEqualTo("issued");
            assertThat(refused).isEqualTo("refused");
            assertThat(grants()).as("only the success's grant").isEqualTo(1);
            assertThat(requests.claim(business, "k4", "POST /grants A", ttl))
                    .isEqualTo(new IdempotentRequests.Claim.Replay(new IdempotentRequests.StoredResponse(201, "issued")));
            assertThat(requests.claim(business, "k5", "POST /grants B", ttl))
                    .isEqualTo(new IdempotentRequests.Claim.Replay(new IdempotentRequests.StoredResponse(422, "refused")));
        }

        @Test
        void a_released_key_can_be_claimed_again() {
            var business = Samples.world(storage).businessId();
            storage.idempotencyRecords().claim(business, "k2", "f", T0, ttl, ttl);
            storage.idempotencyRecords().release(business, "k2");
            assertThat(storage.idempotencyRecords().claim(business, "k2", "f", T0, ttl, ttl)).isInstanceOf(Claim.Claimed.class);
        }
    }

    @Nested
    class Units_of_work {

        @Test
        void a_unit_returning_left_leaves_nothing_and_nested_units_join_the_outer_one() {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            var result = storage.transactions().write(() -> {
                storage.transactions().write(() -> {
                    storage.grants().insert(grant);
                    return Either.right(true);
                });
                storage.outbox().append(List.of(Samples.message(world.businessId(), Kind.EMAIL, T0)));
                return Either.left("no");
            });
            assertThat(result).isEqualTo(Either.left("no"));
            assertThat(storage.grants().find(world.businessId(), grant.id())).isEmpty();
            assertThat(storage.outbox().depth(T0).pending()).isZero();
        }

        @Test
        void a_write_inside_a_read_only_unit_is_refused() {
            var world = Samples.world(storage);
            assertThatThrownBy(() -> storage.transactions().read(() -> {
                storage.grants().insert(Samples.pendingGrant(world, T0));
                return true;
            })).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void the_database_answers_and_the_pool_reports_itself() {
            assertThat(storage.isReachable()).isTrue();
            assertThat(storage.poolStats().maximum()).isPositive();
        }
    }

    /** A console action's audit entry commits in the unit of the change, on this database, or neither does. */
    @Nested
    class Audited_actions {

        @Test
        void an_action_that_changes_nothing_commits_no_entry_and_answers_unchanged() {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.grants().insert(grant);
            String id = grant.id().value();
            var engine = Grantor.builder().storage(storage).mailer(emails -> emails.map(email -> SendOutcome.SENT))
                    .eventSink(event -> SendOutcome.SENT).build();
            String ada = engine.operatorAccess().add(world.businessId(), "ada@example.com").get().id();
            var note = new dev.grantor.application.port.in.OperatorAccess.Note("revoked", id, "reason: manual");
            java.util.function.Supplier<Either<dev.grantor.domain.shared.GrantorError, dev.grantor.application.port.in.GrantView>> revoke =
                    () -> engine.fulfillment().revoke(world.businessId(), id,
                            new dev.grantor.application.port.in.GrantFulfillment.RevokeGrant(null, "manual"));

            assertThat(engine.operatorAccess().recorded(world.businessId(), ada, note, revoke).get())
                    .isInstanceOf(dev.grantor.application.port.in.OperatorAccess.Outcome.Changed.class);
            assertThat(engine.operatorAccess().recorded(world.businessId(), ada, note, revoke).get())
                    .isInstanceOf(dev.grantor.application.port.in.OperatorAccess.Outcome.Unchanged.class);

            assertThat(storage.grants().find(world.businessId(), grant.id()).get().status()).isEqualTo(GrantStatus.REVOKED);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM audit_entries WHERE subject = '" + id + "'")).isEqualTo(1);
        }

        @Test
        void an_entry_that_cannot_be_written_takes_its_change_back_and_a_committed_change_always_has_its_entry() {
            var world = Samples.world(storage);
            var grant = Samples.pendingGrant(world, T0);
            storage.grants().insert(grant);
            String id = grant.id().value();
            var failing = new java.util.concurrent.atomic.AtomicBoolean();
            var trail = storage.auditTrail();
            var engine = Grantor.builder().storage(storage).mailer(emails -> emails.map(email -> SendOutcome.SENT))
                    .eventSink(event -> SendOutcome.SENT)
                    .auditTrail(new dev.grantor.application.port.out.AuditTrail() {
                        @Override
                        public void append(AuditEntry entry) {
                            if (failing.getAndSet(false)) {
                                throw new IllegalStateException("the disk filled up");
                            }
                            trail.append(entry);
                        }

                        @Override
                        public List<AuditEntry> about(dev.grantor.domain.shared.BusinessId business, String subject) {
                            return trail.about(business, subject);
                        }

                        @Override
                        public List<AuditEntry> latestAbout(dev.grantor.domain.shared.BusinessId business, String subject,
                                                            io.vavr.control.Option<dev.grantor.application.port.out.Before> before, int limit) {
                            return trail.latestAbout(business, subject, before, limit);
                        }

                        @Override
                        public List<AuditEntry> latestAbout(dev.grantor.domain.shared.BusinessId business,
                                                            io.vavr.collection.Set<String> subjects,
                                                            io.vavr.control.Option<dev.grantor.application.port.out.Before> before, int limit) {
                            return trail.latestAbout(business, subjects, before, limit);
                        }
                    })
                    .build();
            java.util.function.Supplier<Either<dev.grantor.domain.shared.GrantorError, dev.grantor.application.port.in.GrantView>> fulfil = () -> engine.fulfillment()
                    .fulfillLicenseKey(world.businessId(), id, new dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey(
                            "AUDITED-" + id, null, null));
            var note = new dev.grantor.application.port.in.OperatorAccess.Note("fulfilled", id, "");
            // an operator of the business with the operator role: only such an actor's changes are run
            String ada = engine.operatorAccess().add(world.businessId(), "ada@example.com").get().id();
            // armed after the add, which writes an entry of its own
            failing.set(true);

            assertThatThrownBy(() -> engine.operatorAccess().recorded(world.businessId(), ada, note, fulfil))
                    .hasMessageContaining("the disk filled up");
            assertThat(storage.grants().find(world.businessId(), grant.id()).get().status()).isEqualTo(GrantStatus.PENDING);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM audit_entries WHERE subject = '" + id + "'")).isZero();

            assertThat(engine.operatorAccess().recorded(world.businessId(), ada, note, fulfil).isRight()).isTrue();
            assertThat(storage.grants().find(world.businessId(), grant.id()).get().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM audit_entries WHERE subject = '" + id + "'")).isEqualTo(1);
        }
    }

    /**
     * A portal sign-in code or link is kept only as a hash by the sign-in tables; its email is the one place it is
     * written in plain text. Read from the outbox table itself, through the real engine and relay: the secret is there
     * while its email waits, and gone from every column of the row once the email is sent.
     */
    @Nested
    class Sign_in_secrets_at_rest {

        @Test
        void a_portal_code_and_a_portal_link_are_in_the_outbox_table_until_their_emails_are_sent_and_nowhere_after() throws Exception {
            var world = Samples.world(storage);
            var mailed = new CopyOnWriteArrayList<PortalEmail>();
            var engine = Grantor.builder()
                    .storage(storage)
                    .mailer(emails -> {
                        emails.forEach(email -> mailed.add((PortalEmail) email));
                        return emails.map(email -> SendOutcome.SENT);
                    })
                    .eventSink(event -> SendOutcome.SENT)
                    .build();

            engine.customerPortal().requestCode(world.businessId(), world.customer().email().value(), "198.51.100.7").get();
            assertThat(engine.afterTheAnswer().settle(Duration.ofSeconds(30))).as("the code written after the answer").isTrue();
            engine.customerPortal().mintLink(world.businessId(), new MintLink(world.customer().id().value(), true, null),
                    URI.create("https://shop.example/portal")).get();
            var waiting = rows(world);
            assertThat(waiting).as("two sign-in emails wait").hasSize(2);

            while (engine.relay().runOnce() > 0) {
                // until the outbox has nothing due
            }

            assertThat(mailed).hasSize(2);
            var secrets = mailed.stream().map(PortalEmail::secret).toList();
            assertThat(String.join("\n", waiting)).as("the relay needs them while the emails wait").contains(secrets);
            var sent = rows(world);
            assertThat(sent).hasSize(2).allSatisfy(row -> {
                assertThat(row).contains("SENT").contains(dev.grantor.application.port.out.Outbox.ERASED_PAYLOAD);
                secrets.forEach(secret -> assertThat(row).doesNotContain(secret));
            });
        }

        /** Every text column of the business's sign-in email rows, one string a row. */
        private java.util.List<String> rows(Samples.World world) {
            var rows = new ArrayList<String>();
            try (var connection = storage.dataSource().getConnection();
                 var query = connection.prepareStatement("SELECT id, topic, status, payload, last_error FROM outbox"
                         + " WHERE business_id = ? AND topic = ?")) {
                query.setString(1, world.businessId().value());
                query.setString(2, PortalEmail.TOPIC);
                try (var result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(String.join("\t", result.getString(1), result.getString(2), result.getString(3),
                                result.getString(4), String.valueOf(result.getString(5))));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the outbox", e);
            }
            return rows;
        }
    }
}
