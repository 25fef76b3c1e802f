package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.Fulfillments;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.Samples;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.persistence.TestDatabases;
import dev.grantor.domain.grant.Grant;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Manual fulfillments per second on each database, at 1 and 16 callers: through the storage ports (the
 * unit of work the engine runs: read grant and entitlement, domain transition, insert key, version-checked
 * grant update, three outbox rows, commit) next to raw JDBC executing the same SQL statements with
 * precomputed values and no Jdbi, no mapping, no domain. Not a test; run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl adapters-persistence test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.grantor.adapter.persistence.bench.FulfillBenchmark [-Dexec.args=3]
 * </pre>
 *
 * (the argument is the measured seconds per cell). PostgreSQL runs embedded with fsync and
 * synchronous_commit on; SQLite in WAL mode with synchronous=FULL.
 */
public final class FulfillBenchmark {

    private static final int WARMUP_GRANTS = 400;
    private static final int GRANTS_PER_CELL = 12_000;

    private static final String SELECT_GRANT = "SELECT id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
            + " payment_id, subscription_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
            + " license_key_id, license_key, delivery_payload, failed_at, error_code, error_message, revoked_at,"
            + " revocation_reason, version FROM grants WHERE id = ? AND business_id = ?";
    private static final String SELECT_ENTITLEMENT = "SELECT id, business_id, name, description, integration_type,"
            + " integration_config, metadata, created_at, updated_at, deleted_at, version FROM entitlements"
            + " WHERE id = ? AND business_id = ?";
    private static final String INSERT_KEY = "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
            + " value, source, activations_limit, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at,"
            + " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String UPDATE_GRANT = "UPDATE grants SET brand_id = ?, metadata = ?, updated_at = ?, status = ?,"
            + " ended_status = ?, delivered_at = ?, license_key_id = ?, license_key = ?, delivery_payload = ?, failed_at = ?,"
            + " error_code = ?, error_message = ?, revoked_at = ?, revocation_reason = ?, version = version + 1"
            + " WHERE id = ? AND business_id = ? AND version = ?";
    private static final String INSERT_OUTBOX = "INSERT INTO outbox (id, business_id, kind, topic, payload, created_at,"
            + " attempts, next_attempt_at, status, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private FulfillBenchmark() {}

    private interface Fulfill {
        void run(Grant grant) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        var rows = new StringBuilder();
        var sqliteDir = Files.createTempDirectory("grantor-bench");
        for (String database : new String[] {"SQLite WAL FULL", "PostgreSQL 18"}) {
            for (int callers : new int[] {1, 16}) {
                double engine = cell(database.startsWith("SQLite") ? TestDatabases.freshSqlite(sqliteDir) : TestDatabases.freshPostgres(),
                        callers, seconds, false);
                double raw = cell(database.startsWith("SQLite") ? TestDatabases.freshSqlite(sqliteDir) : TestDatabases.freshPostgres(),
                        callers, seconds, true);
                rows.append(String.format("| %-16s | %2d | %8.0f | %8.0f | %5.0f%% |%n", database, callers, engine, raw, 100 * engine / raw));
            }
        }
        System.out.println("| database         | callers | ports fulfills/s | raw JDBC fulfills/s | ports/raw |");
        System.out.println("|---|---|---|---|---|");
        System.out.print(rows);
        System.out.println("SQL round trips per fulfill: 5 statements (2 SELECT, INSERT key, UPDATE grant, one batch of 3 outbox"
                + " INSERTs) + COMMIT = 6 on PostgreSQL; SQLite adds BEGIN IMMEDIATE (in-process calls, no network)");
        System.exit(0);
    }

    private static double cell(StorageSettings settings, int callers, int seconds, boolean raw) throws Exception {
        try (var storage = JdbcStorage.open(settings.withPoolSize(Math.max(2, callers)))) {
            var world = Samples.world(storage);
            var grants = new java.util.ArrayList<Grant>();
            for (int chunk = 0; chunk < (GRANTS_PER_CELL + WARMUP_GRANTS) / 1000; chunk++) {
                var batch = List.range(0, 1000).map(i -> Samples.pendingGrant(world, Samples.T0));
                storage.transactions().write(() -> {
                    batch.forEach(storage.grants()::insert);
                    return Either.right(true);
                });
                grants.addAll(batch.toJavaList());
            }
            var fulfillments = new Fulfillments(storage);
            boolean sqlite = storage.databaseKind().equals("sqlite");
            Fulfill fulfill = raw
                    ? grant -> rawFulfill(storage, sqlite, world, grant)
                    : grant -> fulfillments.fulfill(world.businessId(), grant.id(), world.entitlement(), Samples.keyValue(),
                            Instant.now()).getOrElseThrow(e -> new IllegalStateException(e.message()));
            var next = new AtomicInteger();
            for (int i = 0; i < WARMUP_GRANTS; i++) {
                fulfill.run(grants.get(next.getAndIncrement()));
            }
            var done = new LongAdder();
            var pool = Executors.newFixedThreadPool(callers);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            var finished = new CountDownLatch(callers);
            for (int c = 0; c < callers; c++) {
                pool.submit(() -> {
                    try {
                        int n;
                        while (System.nanoTime() < end && (n = next.getAndIncrement()) < grants.size()) {
                            fulfill.run(grants.get(n));
                            done.increment();
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        finished.countDown();
                    }
                    return null;
                });
            }
            finished.await();
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return done.sum() / elapsed;
        }
    }

    private static void rawFulfill(JdbcStorage storage, boolean sqlite, Samples.World world, Grant grant) throws SQLException {
        String business = world.businessId().value();
        String keyId = Samples.id("lic_");
        String key = Samples.keyValue();
        long now = System.currentTimeMillis() * 1_000_000L;
        try (Connection c = storage.dataSource().getConnection()) {
            if (sqlite) {
                try (var s = c.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                }
            } else {
                c.setAutoCommit(false);
            }
            try {
                try (PreparedStatement s = c.prepareStatement(SELECT_GRANT)) {
                    s.setString(1, grant.id().value());
                    s.setString(2, business);
                    try (var r = s.executeQuery()) {
                        if (!r.next() || !r.getString("status").equals("Pending")) {
                            throw new IllegalStateException("not pending");
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement(SELECT_ENTITLEMENT)) {
                    s.setString(1, world.entitlement().id().value());
                    s.setString(2, business);
                    try (var r = s.executeQuery()) {
                        r.next();
                    }
                }
                try (PreparedStatement s = c.prepareStatement(INSERT_KEY)) {
                    s.setString(1, keyId);
                    s.setString(2, business);
                    s.setString(3, grant.id().value());
                    s.setString(4, grant.customerId().value());
                    s.setString(5, grant.entitlementId().value());
                    s.setString(6, key);
                    s.setString(7, "manual");
                    s.setInt(8, 3);
                    s.setLong(9, now / 1_000_000_000L + 31_536_000L);
                    s.setInt(10, 0);
                    s.setNull(11, java.sql.Types.BIGINT);
                    s.setLong(12, now);
                    s.setLong(13, now);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(UPDATE_GRANT)) {
                    s.setString(1, grant.brandId().value());
                    s.setString(2, "{\"plan\":\"pro\"}");
                    s.setLong(3, now);
                    s.setString(4, "Delivered");
                    s.setString(5, "Delivered");
                    s.setLong(6, now);
                    s.setString(7, keyId);
                    s.setString(8, key);
                    s.setNull(9, java.sql.Types.VARCHAR);
                    s.setNull(10, java.sql.Types.BIGINT);
                    s.setNull(11, java.sql.Types.VARCHAR);
                    s.setNull(12, java.sql.Types.VARCHAR);
                    s.setNull(13, java.sql.Types.BIGINT);
                    s.setNull(14, java.sql.Types.VARCHAR);
                    s.setString(15, grant.id().value());
                    s.setString(16, business);
                    s.setLong(17, 0);
                    if (s.executeUpdate() != 1) {
                        throw new IllegalStateException("lost the race");
                    }
                }
                try (PreparedStatement s = c.prepareStatement(INSERT_OUTBOX)) {
                    String[][] messages = {
                            {"EMAIL", "email.license_key_delivery", "x".repeat(1200)},
                            {"EVENT", "license_key.created", "y".repeat(800)},
                            {"EVENT", "entitlement_grant.delivered", "z".repeat(800)}};
                    for (String[] m : messages) {
                        s.setString(1, Samples.id("obx_"));
                        s.setString(2, business);
                        s.setString(3, m[0]);
                        s.setString(4, m[1]);
                        s.setString(5, "{\"grant_id\":\"" + grant.id().value() + "\",\"body\":\"" + m[2] + "\"}");
                        s.setLong(6, now);
                        s.setInt(7, 0);
                        s.setLong(8, now);
                        s.setString(9, "PENDING");
                        s.setNull(10, java.sql.Types.VARCHAR);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                if (sqlite) {
                    try (var s = c.createStatement()) {
                        s.execute("COMMIT");
                    }
                } else {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (sqlite) {
                    try (var s = c.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                } else {
                    c.rollback();
                }
                throw e;
            } finally {
                if (!sqlite) {
                    c.setAutoCommit(true);
                }
            }
        }
    }
}
