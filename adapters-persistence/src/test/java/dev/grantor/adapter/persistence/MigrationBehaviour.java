package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.flywaydb.core.Flyway;

import io.vavr.collection.List;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The schema from nothing, again, and from several nodes starting at once. */
abstract class MigrationBehaviour {

    protected abstract StorageSettings settings();

    private static long applied(JdbcStorage storage) {
        return StoredRecords.count(storage, "SELECT count(*) FROM flyway_schema_history WHERE success = "
                + (storage.databaseKind().equals("postgresql") ? "true" : "1") + " AND version IS NOT NULL");
    }

    @Test
    void migrating_an_empty_database_creates_the_schema_and_running_it_again_changes_nothing() {
        var settings = settings();
        try (var storage = JdbcStorage.open(settings)) {
            long versions = applied(storage);
            assertThat(versions).isPositive();
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM grants")).isZero();
            storage.migrate();
            assertThat(applied(storage)).isEqualTo(versions);
        }
        try (var reopened = JdbcStorage.open(settings)) {
            assertThat(applied(reopened)).isEqualTo(StoredRecords.count(reopened, "SELECT count(*) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL"));
            assertThat(reopened.isReachable()).isTrue();
        }
    }

    @Test
    void with_migration_on_start_switched_off_nothing_is_created_until_asked() {
        try (var storage = JdbcStorage.open(settings().withMigrateOnStart(false))) {
            assertThat(tableExists(storage)).isFalse();
            storage.migrate();
            assertThat(tableExists(storage)).isTrue();
        }
    }

    @Test
    void four_nodes_starting_at_once_on_one_empty_database_all_come_up_on_one_schema() throws Exception {
        var settings = settings().withPoolSize(2);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var nodes = List.range(0, 4).map(i -> pool.submit(() -> JdbcStorage.open(settings)));
            var opened = nodes.map(ConcurrentStart::get);
            assertThat(opened.map(MigrationBehaviour::applied).distinct()).hasSize(1);
            opened.forEach(JdbcStorage::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keys_and_instances_written_before_version_4_survive_it_and_signed_length_values_fit_after_it() {
        var settings = settings().withMigrateOnStart(false);
        try (var storage = JdbcStorage.open(settings)) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations()).target("2").load().migrate();
            var business = ContractFixtures.business();
            var world = new ContractFixtures.World(business, ContractFixtures.customer(business.id()),
                    ContractFixtures.manualLicenseKeyEntitlement(business.id()));
            var grant = ContractFixtures.pendingGrant(world, ContractFixtures.at(1));
            var key = ContractFixtures.licenseKey(grant, ContractFixtures.keyValue(), ContractFixtures.at(1));
            var activated = key.activate(new InstanceId(ContractFixtures.id(InstanceId.PREFIX)), "laptop", ContractFixtures.at(2))
                    .get().licenseKey();
            storage.transactions().write(() -> {
                storage.businesses().insert(world.business());
                storage.entitlements().insert(world.entitlement());
                return Either.right(true);
            });
            insertedAsBeforeVersion24Or27(storage, world.customer());
            storage.transactions().write(() -> {
                storage.grants().insert(grant);
                storage.licenseKeys().insert(key);
                return Either.right(true);
            });
            instanceInsertedAsBeforeVersion30Or33(storage, key.id(), activated.instances().head());

            storage.migrate();

            assertThat(storage.transactions().read(() -> storage.licenseKeys().find(key.id())).get().instances()).hasSize(1);
            assertThat(storage.transactions().read(() -> storage.licenseKeys().listInstances(business.id(),
                    new LicenseKeys.InstanceFilter(Option.none(), Option.none()), new Page(0, 10))))
                    .as("the old instance in its business's list").hasSize(1);
            var signedGrant = ContractFixtures.pendingGrant(world, ContractFixtures.at(3));
            var signedLength = new LicenseKeyValue("key/" + "A".repeat(LicenseKeyValue.MAX_STORED_LENGTH - 4));
            var signed = ContractFixtures.licenseKey(signedGrant, signedLength.value(), ContractFixtures.at(3));
            storage.transactions().write(() -> {
                storage.grants().insert(signedGrant);
                storage.licenseKeys().insert(signed);
                return Either.right(true);
            });
            assertThat(storage.transactions().read(() -> storage.licenseKeys().findByValue(signedLength))).hasSize(1);
            assertThatThrownBy(() -> {
                try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE license_keys SET value = '" + "A".repeat(LicenseKeyValue.MAX_STORED_LENGTH + 1)
                            + "' WHERE id = '" + signed.id().value() + "'");
                }
            }).as("the database holds the stored length too").isInstanceOf(java.sql.SQLException.class);
        }
    }

    /** In the columns customers had before their phone number and metadata: the adapter of today writes those too. */
    /** An instance's row in its columns before it named its key's business. */
    private static void instanceInsertedAsBeforeVersion30Or33(JdbcStorage storage, LicenseKeyId key, LicenseKeyInstance instance) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.prepareStatement(
                "INSERT INTO license_key_instances (id, license_key_id, position, name, created_at) VALUES (?, ?, 0, ?, ?)")) {
            statement.setString(1, instance.id().value());
            statement.setString(2, key.value());
            statement.setString(3, instance.name());
            statement.setLong(4, Columns.nanos(instance.createdAt()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertedAsBeforeVersion24Or27(JdbcStorage storage, Customer customer) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.prepareStatement(
                "INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, customer.id().value());
            statement.setString(2, customer.businessId().value());
            statement.setString(3, customer.email().value());
            statement.setString(4, customer.email().matchKey());
            statement.setString(5, customer.name().map(CustomerName::value).getOrNull());
            statement.setLong(6, Columns.nanos(customer.createdAt()));
            statement.setLong(7, Columns.nanos(customer.updatedAt()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_customer_stored_before_phone_numbers_and_metadata_has_none_after_it() {
        var settings = settings().withMigrateOnStart(false);
        try (var storage = JdbcStorage.open(settings)) {
            String before = settings.dialect() == Dialect.SQLITE ? "22" : "25";
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations()).target(before).load().migrate();
            // only the customer's row, in its own columns: a later migration of another table must not break this test
            var business = ContractFixtures.business();
            var customer = ContractFixtures.customer(business.id());
            insertedAsBeforeVersion24Or27(storage, customer);

            storage.migrate();

            var stored = storage.transactions().read(() -> storage.customers().find(business.id(), customer.id())).get();
            assertThat(stored).isEqualTo(customer);
            assertThat(stored.phoneNumber()).isEmpty();
            assertThat(stored.metadata()).isEqualTo(Metadata.EMPTY);
        }
    }

    @Test
    void an_operator_added_before_addresses_matched_whatever_their_case_is_found_so_after_it() throws Exception {
        var settings = settings().withMigrateOnStart(false);
        try (var storage = JdbcStorage.open(settings)) {
            String before = settings.dialect() == Dialect.SQLITE ? "19" : "22";
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations()).target(before).load().migrate();
            var business = ContractFixtures.business();
            try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO operators (id, business_id, email, created_at) VALUES ('op_before', '"
                        + business.id().value() + "', 'Ada.Ops@Acme.example', 1)");
            }

            storage.migrate();

            assertThat(storage.transactions().read(() -> storage.operators().withEmail(new EmailAddress("ada.ops@acme.example"))))
                    .extracting(operator -> operator.id()).containsExactly("op_before");
        }
    }

    @Test
    void a_database_a_newer_grantor_migrated_is_refused_naming_both_versions_and_nothing_is_written() throws Exception {
        var settings = settings();
        long historyRows;
        try (var storage = JdbcStorage.open(settings)) {
            try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
                // what a later release's migration leaves in the history: this binary has no V999
                statement.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '999', 'later',"
                        + " 'SQL', 'V999__later.sql', 1, 'grantor', 1, " + (settings.dialect() == Dialect.SQLITE ? "1" : "true")
                        + " FROM flyway_schema_history");
            }
            historyRows = StoredRecords.count(storage, "SELECT count(*) FROM flyway_schema_history");
        }

        assertThatThrownBy(() -> JdbcStorage.open(settings).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema is at version 999, newer than this Grantor knows")
                .hasMessageContaining("restore the backup");
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            assertThatThrownBy(storage::pendingMigrations).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 999");
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(historyRows);
        }
    }

    private static boolean tableExists(JdbcStorage storage) {
        try (var connection = storage.dataSource().getConnection();
             var tables = connection.getMetaData().getTables(null, null, "grants", null)) {
            return tables.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ConcurrentStart {
        static JdbcStorage get(Future<JdbcStorage> node) {
            try {
                return node.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a node failed to start", e);
            }
        }
    }
}
