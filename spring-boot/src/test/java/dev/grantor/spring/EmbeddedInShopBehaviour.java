package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.SeenContact;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.OperatorAccess.Note;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.spring.shop.Checkout;
import dev.grantor.spring.shop.ShopApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sample shop with Grantor auto-configured on its database: the engine through injected beans, and the rule
 * that the shop's writes and Grantor's commit together. Each database runs it in a subclass.
 */
@SpringBootTest(classes = ShopApplication.class)
abstract class EmbeddedInShopBehaviour {

    @Autowired
    Grantor grantor;

    @Autowired
    Checkout checkout;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcStorage storage;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    HealthIndicator grantorHealthIndicator;

    @Autowired
    MeterRegistry registry;

    BusinessId business;
    String entitlementId;

    /** Delivery emails the mail side has received so far. */
    abstract int deliveredEmails();

    abstract String databaseKind();

    @BeforeEach
    void catalog() {
        business = grantor.access().createBusiness("Shop").get().id();
        entitlementId = grantor.entitlements().create(business, new CreateEntitlement("Shop Pro",
                LicenseKeyConfig.manual().withActivationsLimit(3), null, null)).get().id().value();
        drainOutbox();
    }

    void drainOutbox() {
        while (grantor.relay().runOnce() > 0) {
            // until nothing is due
        }
    }

    static String newId(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    int orders(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM shop_orders WHERE id = ?", Integer.class, orderId);
    }

    GrantView issueOutsideTheShop() {
        return grantor.issuing().issue(business, entitlementId,
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), newId("pay"), null, null)).get().grant();
    }

    GrantView current(GrantView grant) {
        return grantor.grants().get(business, grant.grant().id().value()).get();
    }

    @Test
    void issue_and_fulfill_through_injected_beans_deliver_one_email() {
        int before = deliveredEmails();
        var grant = issueOutsideTheShop();
        var delivered = grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                new FulfillLicenseKey(newId("KEY"), null, null)).get();
        drainOutbox();

        assertThat(delivered.grant().status()).isEqualTo(GrantStatus.DELIVERED);
        assertThat(delivered.licenseKey()).isNotEmpty();
        assertThat(deliveredEmails()).isEqualTo(before + 1);
    }

    @Test
    void grantors_migrations_keep_their_own_history_beside_the_shops() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM grantor_schema_history WHERE success = "
                + (databaseKind().equals("postgresql") ? "true" : "1") + " AND version IS NOT NULL AND version <> '0'",
                Integer.class)).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("SELECT script FROM flyway_schema_history WHERE version IS NOT NULL", String.class))
                .containsExactly("V1__orders.sql");
        assertThat(storage.databaseKind()).isEqualTo(databaseKind());
    }

    @Test
    void health_reports_the_database_and_the_outbox() {
        var health = grantorHealthIndicator.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("database", databaseKind()).containsEntry("outboxPending", 0L)
                .containsKey("outboxParked").containsKey("outboxOldestAgeSeconds");
    }

    /**
     * The three things the indicator watches, each made to go wrong for real: a delivery email left waiting past
     * the age limit (read an hour later), a parked message (counted, still UP), the database gone (a pool of the
     * same database, closed).
     */
    @Test
    void health_goes_down_when_mail_waits_too_long_or_the_database_is_gone_and_counts_parked_messages() throws Exception {
        var issued = issueOutsideTheShop();
        grantor.fulfillment().fulfillLicenseKey(business, issued.grant().id().value(), new FulfillLicenseKey(newId("KEY"), null, null));
        var limit = java.time.Duration.ofMinutes(15);
        var now = new GrantorHealthIndicator(storage, grantor.outboxAdministration(), grantor.clock(), limit).health(true);
        var anHourLater = new GrantorHealthIndicator(storage, grantor.outboxAdministration(),
                () -> grantor.clock().instant().plus(java.time.Duration.ofHours(1)), limit).health(true);

        assertThat(now.getStatus()).isEqualTo(Status.UP);
        assertThat(anHourLater.getStatus()).isEqualTo(Status.DOWN);
        assertThat((Long) anHourLater.getDetails().get("outboxOldestAgeSeconds")).isGreaterThanOrEqualTo(3600L);

        long parkedBefore = grantor.outboxAdministration().depth().parked();
        var instant = grantor.clock().instant();
        var claimed = storage.outbox().claimDue(instant, 100, java.time.Duration.ofMinutes(5));
        assertThat(claimed).isNotEmpty();
        claimed.forEach(message -> storage.outbox().park(message.claim(), 8, "550 mailbox unavailable", instant));
        var parked = grantorHealthIndicator.health(true);
        assertThat(parked.getStatus()).as("parked messages need an operator, not a restart").isEqualTo(Status.UP);
        assertThat(parked.getDetails()).containsEntry("outboxParked", parkedBefore + claimed.size()).containsEntry("outboxPending", 0L);

        var hikari = (com.zaxxer.hikari.HikariDataSource) jdbc.getDataSource();
        var config = new com.zaxxer.hikari.HikariConfig();
        hikari.copyStateTo(config);
        config.setPoolName("health-probe");
        var gone = new com.zaxxer.hikari.HikariDataSource(config);
        var unreachable = JdbcStorage.on(gone, dev.grantor.adapter.persistence.HostTransactions.NONE);
        assertThat(new GrantorHealthIndicator(unreachable, grantor.outboxAdministration(), grantor.clock(), limit).health().getStatus())
                .as("while its pool is open").isEqualTo(Status.UP);
        gone.close();
        var down = new GrantorHealthIndicator(unreachable, grantor.outboxAdministration(), grantor.clock(), limit).health(true);
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("database", "unreachable");
    }

    @Test
    void meters_land_in_the_applications_registry() {
        double sentBefore = registry.counter("grantor.outbox.deliveries", "kind", "email", "outcome", "sent").count();
        var grant = issueOutsideTheShop();
        assertThat(registry.get("grantor.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(0);
        grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(), new FulfillLicenseKey(newId("KEY"), null, null));
        drainOutbox();
        assertThat(registry.counter("grantor.outbox.deliveries", "kind", "email", "outcome", "sent").count())
                .isEqualTo(sentBefore + 1);
    }

    // the shop's transaction

    @Test
    void commits_the_order_and_its_grant_together() {
        String order = newId("ord");
        var grant = checkout.placeOrder(business, entitlementId, order, "bob@example.com", false);

        assertThat(orders(order)).isOne();
        assertThat(current(grant).grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(jdbc.queryForObject("SELECT grant_id FROM shop_orders WHERE id = ?", String.class, order))
                .isEqualTo(grant.grant().id().value());
    }

    @Test
    void rolled_back_by_the_shop_leaves_no_grant_and_no_event() {
        String order = newId("ord");
        long pendingBefore = grantor.outboxAdministration().depth().pending();

        assertThatThrownBy(() -> checkout.placeOrder(business, entitlementId, order, "carol@example.com", true))
                .isInstanceOf(Checkout.ShopFailure.class);

        assertThat(orders(order)).isZero();
        assertThat(grantor.grants().listForEntitlement(business, entitlementId, new ListGrants(100, 0, null, null, null, null))
                .get()).isEmpty();
        assertThat(grantor.outboxAdministration().depth().pending()).isEqualTo(pendingBefore);
        assertThat(grantor.relay().runOnce()).isZero();
    }

    /**
     * An auto key is generated and its delivery email and events written when the grant is issued, all inside the
     * shop's transaction: the committed order shows what a rolled-back one must not leave.
     */
    @Test
    void rolled_back_by_the_shop_an_issued_auto_key_leaves_no_grant_no_key_no_email_and_no_event() {
        String auto = grantor.entitlements().create(business, new CreateEntitlement("Shop Auto",
                LicenseKeyConfig.auto(), null, null)).get().id().value();
        drainOutbox();
        int emailsBefore = deliveredEmails();
        long pendingBefore = grantor.outboxAdministration().depth().pending();
        String committed = newId("ord");
        checkout.placeOrder(business, auto, committed, "erin@example.com", false);
        assertThat(grantor.outboxAdministration().depth().pending()).as("a committed order's event and email")
                .isGreaterThanOrEqualTo(pendingBefore + 2);
        drainOutbox();
        assertThat(deliveredEmails()).isEqualTo(emailsBefore + 1);
        long keysBefore = keysOf(business);
        var grantsBefore = grantIds(auto);
        pendingBefore = grantor.outboxAdministration().depth().pending();
        String order = newId("ord");

        assertThatThrownBy(() -> checkout.placeOrder(business, auto, order, "frank@example.com", true))
                .isInstanceOf(Checkout.ShopFailure.class);

        assertThat(orders(order)).isZero();
        assertThat(grantIds(auto)).isEqualTo(grantsBefore).hasSize(1);
        assertThat(keysOf(business)).isEqualTo(keysBefore);
        assertThat(grantor.outboxAdministration().depth().pending()).isEqualTo(pendingBefore);
        assertThat(grantor.relay().runOnce()).isZero();
        assertThat(deliveredEmails()).isEqualTo(emailsBefore + 1);
    }

    java.util.List<String> grantIds(String entitlement) {
        return grantor.grants().listForEntitlement(business, entitlement, new ListGrants(100, 0, null, null, null, null)).get()
                .map(view -> view.grant().id().value()).toJavaList();
    }

    long keysOf(BusinessId owner) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM license_keys WHERE business_id = ?", Long.class, owner.value());
    }

    @Test
    void rolled_back_by_the_shop_after_fulfilling_sends_no_email_and_leaves_the_grant_pending() {
        var grant = issueOutsideTheShop();
        drainOutbox();
        int emailsBefore = deliveredEmails();
        String order = newId("ord");

        assertThatThrownBy(() -> checkout.ship(business, order, grant.grant().id().value(), newId("KEY"), true, true))
                .isInstanceOf(Checkout.ShopFailure.class);

        assertThat(orders(order)).isZero();
        var after = current(grant);
        assertThat(after.grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(after.licenseKey()).isEmpty();
        assertThat(grantor.relay().runOnce()).isZero();
        assertThat(deliveredEmails()).isEqualTo(emailsBefore);
    }

    @Test
    void refused_by_grantor_is_undone_when_the_shop_chooses_so() {
        var grant = issueOutsideTheShop();
        grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(), new FulfillLicenseKey(newId("KEY"), null, null));
        String order = newId("ord");

        assertThatThrownBy(() -> checkout.ship(business, order, grant.grant().id().value(), newId("KEY"), true, false))
                .isInstanceOfSatisfying(Checkout.Refused.class,
                        refused -> assertThat(refused.error.code()).isEqualTo(ErrorCode.GRANT_NOT_PENDING));

        assertThat(orders(order)).isZero();
    }

    @Test
    void refused_by_grantor_keeps_the_shops_write_when_it_chooses_so_and_grantor_leaves_nothing_behind() {
        var first = issueOutsideTheShop();
        String key = newId("KEY");
        grantor.fulfillment().fulfillLicenseKey(business, first.grant().id().value(), new FulfillLicenseKey(key, null, null));
        var second = issueOutsideTheShop();
        drainOutbox();
        String order = newId("ord");

        // the key's unique index refuses it inside the shop's transaction, which must stay usable and commit
        var answer = checkout.ship(business, order, second.grant().id().value(), key, false, false);

        assertThat(answer.getLeft().code()).isEqualTo(ErrorCode.LICENSE_KEY_ALREADY_EXISTS);
        assertThat(orders(order)).isOne();
        var after = current(second);
        assertThat(after.grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(after.licenseKey()).isEmpty();
        assertThat(grantor.relay().runOnce()).isZero();
    }

    /**
     * A shop's staff page changes a customer inside the shop's own transaction, as an operator, from what it showed:
     * the change and its audit entry commit with the shop's write or not at all; a stale view or a viewer is refused
     * there without spoiling the shop's transaction, and leaves no entry.
     */
    @Test
    void a_staff_edit_in_the_shops_transaction_commits_with_its_audit_entry_or_not_at_all() {
        var operator = grantor.operatorAccess().add(business, "desk@example.com").get();
        String email = newId("bo").toLowerCase(java.util.Locale.ROOT) + "@example.com";
        String customer = grantor.customers().create(business, new CreateCustomer(email, null, null, null)).get()
                .customer().id().value();
        java.util.function.BiFunction<String, String, io.vavr.control.Either<dev.grantor.domain.shared.GrantorError,
                dev.grantor.domain.customer.Customer>> rename = (name, seenName) -> grantor.operatorAccess().recorded(
                business, operator.id(), new Note("renamed the customer", customer, name),
                () -> grantor.customers().update(business, customer, new UpdateCustomer(null, name, null, false, null),
                        new SeenContact(email, seenName, ""))).map(dev.grantor.application.port.in.OperatorAccess.Outcome::value);
        String rolledBack = newId("ord");
        String committed = newId("ord");
        String kept = newId("ord");

        transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO shop_orders (id, email) VALUES (?, ?)", rolledBack, email);
            assertThat(rename.apply("Bo", "").isRight()).isTrue();
            status.setRollbackOnly();
        });
        assertThat(orders(rolledBack)).isZero();
        assertThat(grantor.customers().get(business, customer).get().name()).isEmpty();
        assertThat(byOperator(customer, operator.id())).isEmpty();

        transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO shop_orders (id, email) VALUES (?, ?)", committed, email);
            assertThat(rename.apply("Bo", "").isRight()).isTrue();
        });
        assertThat(orders(committed)).isOne();
        assertThat(grantor.customers().get(business, customer).get().name().map(n -> n.value())).containsExactly("Bo");
        assertThat(byOperator(customer, operator.id())).singleElement()
                .satisfies(action -> assertThat(action.action()).isEqualTo("renamed the customer"));

        grantor.operatorAccess().changeRole(business, operator.id(), Role.VIEWER).get();
        transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO shop_orders (id, email) VALUES (?, ?)", kept, email);
            // the page showed no name, but "Bo" was saved since
            grantor.operatorAccess().changeRole(business, operator.id(), Role.OPERATOR).get();
            assertThat(rename.apply("Al", "").getLeft().message()).contains("changed since it was read");
            grantor.operatorAccess().changeRole(business, operator.id(), Role.VIEWER).get();
            assertThat(rename.apply("Al", "Bo").getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
        });
        assertThat(orders(kept)).as("the shop's write, after two refusals in its transaction").isOne();
        assertThat(grantor.customers().get(business, customer).get().name().map(n -> n.value())).containsExactly("Bo");
        assertThat(byOperator(customer, operator.id())).hasSize(1);
    }

    /** The operator's notes about a customer, without the entries the customer's changes write of themselves. */
    private io.vavr.collection.List<OperatorAccess.Action> byOperator(String customer, String operator) {
        return grantor.operatorAccess().actionsOn(business, customer).filter(action -> action.actor().equals(operator));
    }

    /**
     * Two sign-ups of one address, each in a shop transaction of its own, the first still open while the second
     * creates: one customer, the second told it existed, and the shop's transactions both commit.
     */
    @Test
    void two_shop_transactions_registering_one_address_make_one_customer() throws Exception {
        String email = newId("twice").toLowerCase(java.util.Locale.ROOT) + "@example.com";
        var firstCreated = new java.util.concurrent.CountDownLatch(1);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var first = threads.submit(() -> transaction.execute(status -> {
                var registration = grantor.customers().create(business, new CreateCustomer(email, "First", null, null)).get();
                firstCreated.countDown();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return registration;
            }));
            assertThat(firstCreated.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var second = threads.submit(() -> transaction.execute(status ->
                    grantor.customers().create(business, new CreateCustomer(email, "Second", null, null)).get()));

            var one = first.get(20, java.util.concurrent.TimeUnit.SECONDS);
            var other = second.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(one.created()).isTrue();
            assertThat(other.created()).isFalse();
            assertThat(other.customer().id()).isEqualTo(one.customer().id());
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM customers WHERE email = ?", Integer.class, email)).isOne();
    }

    /**
     * Two saves made from one view of a customer, each in a shop transaction, the first still open while the second
     * saves: the second is refused as stale once the first commits, never written over it unseen.
     */
    @Test
    void of_two_shop_transactions_saving_from_one_view_only_the_first_is_written() throws Exception {
        String email = newId("seen").toLowerCase(java.util.Locale.ROOT) + "@example.com";
        String customer = grantor.customers().create(business, new CreateCustomer(email, "Bo", null, null)).get()
                .customer().id().value();
        var seen = new SeenContact(email, "Bo", "");
        var firstSaved = new java.util.concurrent.CountDownLatch(1);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var first = threads.submit(() -> transaction.execute(status -> {
                var saved = grantor.customers().update(business, customer, new UpdateCustomer(null, "Bo Smith", null, false, null), seen);
                firstSaved.countDown();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return saved;
            }));
            assertThat(firstSaved.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var second = threads.submit(() -> transaction.execute(status ->
                    grantor.customers().update(business, customer, new UpdateCustomer(null, "Bo Jones", null, false, null), seen)));

            assertThat(first.get(20, java.util.concurrent.TimeUnit.SECONDS).isRight()).isTrue();
            var refused = second.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(refused.getLeft().message()).contains("changed since it was read");
        }
        assertThat(grantor.customers().get(business, customer).get().name().map(n -> n.value())).containsExactly("Bo Smith");
    }

    @Test
    void runs_grantors_after_commit_work_only_after_it_commits() {
        var ran = new AtomicBoolean();
        transaction.executeWithoutResult(status -> {
            storage.afterCommit(() -> ran.set(true));
            assertThat(ran).isFalse();
        });
        assertThat(ran).isTrue();

        var rolledBack = new AtomicBoolean();
        transaction.executeWithoutResult(status -> {
            storage.afterCommit(() -> rolledBack.set(true));
            status.setRollbackOnly();
        });
        assertThat(rolledBack).isFalse();
    }
}
