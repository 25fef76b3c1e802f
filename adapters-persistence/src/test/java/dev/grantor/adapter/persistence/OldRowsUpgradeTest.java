package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.LicenseCheckOut.CheckOut;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.signing.PrivateKeySeal;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade over rows an older release really wrote. The fixtures were captured from a session-24 build (469a3a2)
 * filled through its HTTP API and CLI: grants pending, delivered (by hand, automatically, signed by two signing keys
 * wrapped with a KEK, from a key pool), revoked, of a deleted entitlement; activations, a pool with a waiting grant,
 * API keys (one revoked), unsent emails and events, webhook deliveries, and two operators whose addresses differ only
 * in case (that release kept them apart). The schema is built to that release's version by the released migrations
 * (which never change), the rows go in, and the current code migrates and works on them. Each later migration runs over
 * these rows, so one that breaks old data, or a reader that no longer accepts it, fails here.
 */
class OldRowsUpgradeTest {

    /** A day after the rows were written: the keys' expiries and the signed keys' times hold as they did then. */
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_sqlite_database_of_schema_v19_upgrades_and_everything_in_it_still_works() {
        check(TestDatabases.freshSqlite(dir), "19", "upgrade/sqlite-v19");
    }

    @Test
    void a_postgresql_database_of_schema_v21_upgrades_and_everything_in_it_still_works() {
        check(TestDatabases.freshPostgres(), "21", "upgrade/postgresql-v21");
    }

    private void check(StorageSettings settings, String oldVersion, String fixture) {
        var known = properties(fixture + ".properties");
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(oldVersion).load().migrate();
            load(storage, resource(fixture + ".sql"));

            storage.migrate();

            var sent = new AtomicInteger();
            var engine = Grantor.builder()
                    .storage(storage)
                    .clock(InstantSource.fixed(NOW))
                    .signingKeySeal(PrivateKeySeal.wrappingWithBase64(known.getProperty("signing_kek")))
                    .mailer(emails -> emails.map(email -> {
                        sent.incrementAndGet();
                        return SendOutcome.SENT;
                    }))
                    .eventSink(event -> {
                        sent.incrementAndGet();
                        return SendOutcome.SENT;
                    })
                    .build();
            var business = new BusinessId(known.getProperty("business"));

            assertThat(engine.access().authenticate(known.getProperty("token.read_write")).get().readOnly()).isFalse();
            assertThat(engine.access().authenticate(known.getProperty("token.read_only")).get().readOnly()).isTrue();
            assertThat(engine.access().authenticate(known.getProperty("token.revoked")).isLeft()).isTrue();

            var grants = engine.grants().list(business, new ListGrants(100, 0, null, null, null, null));
            assertThat(grants.isRight()).as("every old grant reads: %s", grants).isTrue();
            assertThat(grants.get()).hasSize((int) StoredRecords.count(storage, "SELECT count(*) FROM grants"));

            for (String key : List.of("key.manual", "key.auto", "key.signed", "key.signed_by_second",
                    "key.of_deleted_entitlement", "key.unsent")) {
                assertThat(engine.licensing().validate(new ValidateLicense(known.getProperty(key), null)))
                        .as(key).isEqualTo(io.vavr.control.Either.right(true));
            }
            assertThat(engine.licensing().validate(new ValidateLicense(known.getProperty("key.manual"),
                    known.getProperty("instance.manual")))).as("an old activation").isEqualTo(io.vavr.control.Either.right(true));
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM license_key_instances i JOIN license_keys k"
                    + " ON k.id = i.license_key_id WHERE i.business_id = k.business_id"))
                    .as("each old instance names its key's business, so the business's instance list finds it")
                    .isEqualTo(StoredRecords.count(storage, "SELECT count(*) FROM license_key_instances")).isPositive();
            assertThat(engine.licensing().validate(new ValidateLicense(known.getProperty("key.revoked"), null)))
                    .isEqualTo(io.vavr.control.Either.right(false));
            for (String key : List.of("key.signed", "key.signed_by_second")) {
                assertThat(engine.licenseFiles().checkOut(new CheckOut(known.getProperty(key), null, null)).isRight())
                        .as("a license file for %s: the old wrapped signing key opens", key).isTrue();
            }

            var fulfilled = engine.fulfillment().fulfillLicenseKey(business, known.getProperty("grant.pending"),
                    new FulfillLicenseKey("UPGRADE-KEY-0001", null, null));
            assertThat(fulfilled.map(view -> view.grant().status())).isEqualTo(io.vavr.control.Either.right(GrantStatus.DELIVERED));
            var restock = engine.keyPools().importKeys(business, known.getProperty("entitlement.pool"),
                    new ImportKeys(io.vavr.collection.List.of(KeyLine.of(1, "UPGRADE-POOL-0001", null, null))));
            assertThat(restock.map(report -> report.fulfilledGrants())).isEqualTo(io.vavr.control.Either.right(1));
            assertThat(engine.grants().get(business, known.getProperty("grant.pool_waiting")).map(view -> view.grant().status()))
                    .isEqualTo(io.vavr.control.Either.right(GrantStatus.DELIVERED));

            long waiting = StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE status = 'PENDING'");
            while (engine.relay().runOnce() > 0) {
                // the old messages and those the checks above queued
            }
            assertThat(sent.get()).as("each waiting email and event sent").isGreaterThanOrEqualTo((int) waiting);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE status <> 'SENT'")).isZero();

            String operator = known.getProperty("operator.email");
            assertThat(engine.operatorAccess().withEmail(operator)).as("both old rows of one address").hasSize(2);
            assertThat(engine.operatorAccess().withEmail(operator)).as("operators from before roles keep every right they had")
                    .allSatisfy(old -> {
                        assertThat(old.role()).isEqualTo(Role.OPERATOR);
                        assertThat(engine.operatorAccess().mayChange(business, old.id()).isRight()).isTrue();
                    });
            assertThat(engine.operatorAccess().remove(business, operator).isRight()).isTrue();
            assertThat(engine.operatorAccess().withEmail(operator))
                    .as("removing the address takes console access from every operator row it has").isEmpty();
        }
    }

    /** The fixture's INSERTs, one a line or spread over several (a value may hold line breaks), foreign keys checked after. */
    static void load(JdbcStorage storage, String sql) {
        var statements = java.util.Arrays.stream(sql.split("(?m)^(?=INSERT INTO )"))
                .filter(statement -> statement.startsWith("INSERT INTO ")).toList();
        assertThat(statements).hasSizeGreaterThan(100);
        boolean sqlite = storage.databaseKind().equals("sqlite");
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            // the dump lists tables by name, not in the order their foreign keys need
            statement.execute(sqlite ? "PRAGMA foreign_keys = OFF" : "SET session_replication_role = replica");
            for (String insert : statements) {
                statement.execute(insert.strip());
            }
            statement.execute(sqlite ? "PRAGMA foreign_keys = ON" : "SET session_replication_role = DEFAULT");
            if (sqlite) {
                try (var broken = statement.executeQuery("PRAGMA foreign_key_check")) {
                    assertThat(broken.next()).as("the fixture's rows refer to rows it holds").isFalse();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot load the fixture", e);
        }
    }

    static Properties properties(String name) {
        var properties = new Properties();
        try (InputStream in = OldRowsUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String resource(String name) {
        try (InputStream in = OldRowsUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
