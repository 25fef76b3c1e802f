package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.Engines;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.Samples;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.persistence.TestDatabases;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Either;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Manual fulfillments per second on each database, at 1 and 16 callers: through the real engine
 * ({@code Grantor} over {@code JdbcStorage}, {@code fulfillment().fulfillLicenseKey(...)} on grants the
 * engine issued beforehand, relay stopped) next to raw JDBC executing the identical SQL statements with
 * precomputed values: no Jdbi, no mapping, no domain, no JSON. Before measuring, both are run through
 * connections that record every statement reaching the driver, and the benchmark stops unless the two
 * sequences are the same; on PostgreSQL it also counts the network round trips at the socket. Not a
 * test; run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl adapters-persistence test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd adapters-persistence &amp;&amp; java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.grantor.adapter.persistence.bench.FulfillBenchmark [5 2 [sqlite|postgresql [callers]]]
 * </pre>
 *
 * (measured and warm-up seconds per cell and way; one database; one number of callers). Its own JVM, not
 * {@code exec:java}: the recording driver replaces drivers in {@code DriverManager}, which needs the
 * pool, the drivers and itself in one class loader. PostgreSQL runs embedded with fsync and
 * synchronous_commit on; SQLite in WAL mode with synchronous=FULL. Each cell gets two fresh databases,
 * one per way, measured in alternating rounds.
 */
public final class FulfillBenchmark {

    /** Pending grants issued per second of a cell: above what either database can fulfill here. */
    private static final int GRANTS_PER_SECOND = 7_000;
    private static final int ISSUED_PER_UNIT = 500;
    /** Engine and raw JDBC take turns this many times per cell. */
    private static final int ROUNDS = 5;

    private static final String GRANT_COLUMNS = "id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
            + " payment_id, subscription_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
            + " license_key_id, license_key, delivery_payload, failed_at, error_code, error_message, revoked_at,"
            + " revocation_reason, version";
    /** On SQLite the engine reads the grant, its entitlement and its customer one after another before it writes. */
    private static final String SELECT_GRANT = "SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ? AND business_id || '' = ?";
    private static final String SELECT_ENTITLEMENT = "SELECT id, business_id, name, description, integration_type,"
            + " integration_config, metadata, created_at, updated_at, deleted_at, version FROM entitlements"
            + " WHERE id = ? AND business_id || '' = ?";
    private static final String SELECT_CUSTOMER = "SELECT id, business_id, email, email_key, name, created_at, updated_at"
            + " FROM customers WHERE business_id = ? AND id = ?";
    /** On PostgreSQL it reads the three joined, in one round trip. */
    private static final String SELECT_PARTIES = "SELECT " + prefixed("g.", GRANT_COLUMNS, "") + ", "
            + prefixed("e.", "id, business_id, name, description, integration_type, integration_config, metadata, created_at,"
                    + " updated_at, deleted_at, version", "e_") + ", "
            + prefixed("c.", "id, business_id, email, email_key, name, created_at, updated_at", "c_")
            + " FROM grants g JOIN entitlements e ON e.id = g.entitlement_id JOIN customers c ON c.id = g.customer_id"
            + " WHERE g.id = ? AND g.business_id || '' = ?";
    private static final String INSERT_KEY = "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
            + " value, source, activations_limit, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at,"
            + " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String UPDATE_GRANT = "UPDATE grants SET brand_id = ?, metadata = ?, updated_at = ?, status = ?,"
            + " ended_status = ?, delivered_at = ?, license_key_id = ?, license_key = ?, delivery_payload = ?, failed_at = ?,"
            + " error_code = ?, error_message = ?, revoked_at = ?, revocation_reason = ?, version = version + 1"
            + " WHERE id = ? AND business_id || '' = ? AND version = ?";
    private static final String INSERT_OUTBOX = "INSERT INTO outbox (id, business_id, kind, topic, payload, created_at,"
            + " attempts, next_attempt_at, status, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static String prefixed(String table, String columns, String alias) {
        return java.util.Arrays.stream(columns.split(",")).map(String::strip)
                .map(column -> table + column + (alias.isEmpty() ? "" : " AS " + alias + column))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Raw SQLite writers queue on one lock in the process, as the adapter's do: busy-waiting in SQLite is far slower. */
    private static final ReentrantLock RAW_SQLITE_WRITER = new ReentrantLock(true);

    private FulfillBenchmark() {}

    private enum Way { ENGINE, RAW }

    private enum Database {
        SQLITE("SQLite WAL FULL"), POSTGRESQL("PostgreSQL 18");

        final String label;

        Database(String label) {
            this.label = label;
        }
    }

    /** What the engine wrote for one fulfillment, so raw JDBC writes rows of the same size. */
    private record Written(String grantMetadata, List<String[]> outbox) {}

    private record Cell(double perSecond, long fulfilled, boolean ranOut) {}

    private interface Fulfill {
        void run(GrantId grant) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        var databases = args.length > 2 && !args[2].equals("all") ? List.of(Database.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)))
                : List.of(Database.values());
        int[] callerCounts = args.length > 3 ? new int[] {Integer.parseInt(args[3])} : new int[] {1, 16};
        RecordingDriver.install();
        var sqliteDir = Files.createTempDirectory("grantor-bench");
        System.out.println("load average at start: " + loadAverage());

        var trips = new StringBuilder();
        var written = new java.util.EnumMap<Database, Written>(Database.class);
        for (Database database : databases) {
            written.put(database, recordStatements(database, sqliteDir, trips));
        }
        System.out.print(trips);

        var rows = new StringBuilder();
        for (Database database : databases) {
            for (int callers : callerCounts) {
                String before = loadAverage();
                var cell = cell(database, sqliteDir, callers, warmup, seconds, written.get(database));
                var engine = cell[0];
                var raw = cell[1];
                String row = String.format("| %s | %d | %,.0f | %,.0f | %.0f%% | %s -> %s |%n", database.label, callers,
                        engine.perSecond(), raw.perSecond(), 100 * engine.perSecond() / raw.perSecond(), before, loadAverage());
                System.out.print("cell: " + row);
                if (engine.ranOut() || raw.ranOut()) {
                    System.out.println("  (ran out of pending grants: raise GRANTS_PER_SECOND)");
                }
                rows.append(row);
            }
        }
        System.out.printf("%n%d s measured per way and cell, in %d alternating rounds, after %d s warm-up each;"
                + " load average (1, 5, 15 min) before -> after%n%n", seconds, ROUNDS, warmup);
        System.out.println("| database | callers | engine fulfills/s | raw JDBC fulfills/s | engine/raw | load average |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.print(rows);
        System.out.println("load average at end: " + loadAverage());
        System.exit(0);
    }

    // ---- what reaches the database ----------------------------------------------------------------------

    /**
     * Runs a few fulfillments each way on connections that record what they execute, checks that engine
     * and raw JDBC issue the same statements, and reports them with the round trips they cost.
     */
    private static Written recordStatements(Database database, Path sqliteDir, StringBuilder report) throws Exception {
        var settings = settings(database, sqliteDir);
        if (database == Database.POSTGRESQL) {
            String url = settings.jdbcUrl();
            settings = new StorageSettings(url + (url.contains("?") ? "&" : "?") + "socketFactory="
                    + CountingSocketFactory.class.getName(), settings.user(), settings.password(), 2, true);
        }
        RecordingDriver.wrapping(true);
        try (var storage = JdbcStorage.open(settings.withPoolSize(2))) {
            var world = Samples.world(storage);
            var engine = Engines.over(storage);
            var grants = issue(engine, storage, world, 2 * WARMED + 20 + 2 * PROFILED);
            var next = new AtomicInteger();
            Fulfill viaEngine = grant -> engineFulfill(engine, world, grant);
            for (int i = 0; i < WARMED; i++) {
                viaEngine.run(grants.get(next.getAndIncrement()));
            }
            var written = written(storage, grants.get(next.get() - 1));
            Fulfill viaRaw = rawFulfill(storage, database, world, written);
            for (int i = 0; i < WARMED; i++) {
                viaRaw.run(grants.get(next.getAndIncrement()));
            }
            var engineLog = record(viaEngine, grants, next, 5);
            var rawLog = record(viaRaw, grants, next, 5);
            if (!engineLog.statements().equals(rawLog.statements())) {
                System.out.println("engine: " + engineLog.statements());
                System.out.println("raw:    " + rawLog.statements());
                throw new IllegalStateException("raw JDBC does not issue the engine's statements on " + database.label);
            }
            report.append(String.format("%s: one fulfillment executes %d statements through JDBC, the same for the engine and raw JDBC:%n",
                    database.label, engineLog.statements().size()));
            engineLog.statements().forEach(sql -> report.append("    ").append(sql.length() > 110 ? sql.substring(0, 110) + " ..." : sql)
                    .append('\n'));
            if (database == Database.POSTGRESQL) {
                report.append(String.format("  network round trips per fulfillment, counted at the socket: engine %.1f, raw JDBC %.1f%n",
                        engineLog.roundTrips(), rawLog.roundTrips()));
            } else {
                report.append("  each a call into the SQLite library in this process: no network round trips\n");
            }
            profile(viaEngine, viaRaw, grants, next, engineLog.statements(), report);
            return written;
        } finally {
            RecordingDriver.wrapping(false);
        }
    }

    /** Fulfillments each way before recording and profiling: enough for the JIT to have compiled the path. */
    private static final int WARMED = 1_500;
    private static final int PROFILED = 400;

    /**
     * Where one caller's time goes, each way: per fulfillment, the time spent inside the driver on each
     * statement and the rest (Jdbi, mapping, domain, JSON, pool). The same fulfillments, alternating
     * halves, so a busy moment of the machine weighs on both.
     */
    private static void profile(Fulfill viaEngine, Fulfill viaRaw, List<GrantId> grants, AtomicInteger next, List<String> statements,
                                StringBuilder report) throws Exception {
        var engine = new java.util.HashMap<String, long[]>();
        var raw = new java.util.HashMap<String, long[]>();
        long[] wall = new long[2];
        for (int half = 0; half < 4; half++) {
            for (int way = 0; way < 2; way++) {
                var fulfill = way == 0 ? viaEngine : viaRaw;
                RecordingDriver.startRecording();
                long start = System.nanoTime();
                for (int i = 0; i < PROFILED / 4; i++) {
                    fulfill.run(grants.get(next.getAndIncrement()));
                }
                wall[way] += System.nanoTime() - start;
                RecordingDriver.stopRecording();
                var into = way == 0 ? engine : raw;
                RecordingDriver.times().forEach((sql, t) -> into.merge(sql, t.clone(),
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
            }
        }
        report.append(String.format("  one caller, %d fulfillments each way, microseconds per fulfillment:   engine    raw%n", PROFILED));
        long[] inDriver = new long[2];
        for (String sql : statements) {
            long e = engine.getOrDefault(sql, new long[2])[1] / PROFILED / 1000;
            long r = raw.getOrDefault(sql, new long[2])[1] / PROFILED / 1000;
            inDriver[0] += e;
            inDriver[1] += r;
            report.append(String.format("    %-66s %6d %6d%n", sql.length() > 66 ? sql.substring(0, 62) + " ..." : sql, e, r));
        }
        long[] total = {wall[0] / PROFILED / 1000, wall[1] / PROFILED / 1000};
        report.append(String.format("    %-66s %6d %6d%n", "in the driver, all statements", inDriver[0], inDriver[1]));
        report.append(String.format("    %-66s %6d %6d%n", "outside the driver (engine or raw loop, Jdbi, pool)", total[0] - inDriver[0],
                total[1] - inDriver[1]));
        report.append(String.format("    %-66s %6d %6d%n", "total", total[0], total[1]));
    }

    private record Recorded(List<String> statements, double roundTrips) {}

    /** The statements of one fulfillment, after checking that {@code times} in a row issue the same ones. */
    private static Recorded record(Fulfill fulfill, List<GrantId> grants, AtomicInteger next, int times) throws Exception {
        List<String> first = null;
        long trips = 0;
        for (int i = 0; i < times; i++) {
            long before = CountingSocketFactory.roundTrips();
            RecordingDriver.startRecording();
            fulfill.run(grants.get(next.getAndIncrement()));
            var log = RecordingDriver.stopRecording();
            trips += CountingSocketFactory.roundTrips() - before;
            if (first != null && !first.equals(log)) {
                throw new IllegalStateException("two fulfillments issued different statements: " + first + " and " + log);
            }
            first = log;
        }
        return new Recorded(first, (double) trips / times);
    }

    private static Written written(JdbcStorage storage, GrantId grant) throws SQLException {
        try (Connection c = storage.dataSource().getConnection()) {
            String metadata;
            try (var s = c.prepareStatement("SELECT metadata FROM grants WHERE id = ?")) {
                s.setString(1, grant.value());
                try (var r = s.executeQuery()) {
                    r.next();
                    metadata = r.getString(1);
                }
            }
            var outbox = new ArrayList<String[]>();
            try (var s = c.prepareStatement("SELECT kind, topic, payload FROM outbox WHERE payload LIKE ? AND topic <> ?"
                    + " ORDER BY id")) {
                s.setString(1, "%" + grant.value() + "%");
                s.setString(2, "entitlement_grant.created");
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        outbox.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
                    }
                }
            }
            if (outbox.size() != 3) {
                throw new IllegalStateException("expected the email and two events of " + grant.value() + ", found " + outbox.size());
            }
            return new Written(metadata, List.copyOf(outbox));
        }
    }

    // ---- cells ------------------------------------------------------------------------------------------

    private static StorageSettings settings(Database database, Path sqliteDir) {
        return database == Database.SQLITE ? TestDatabases.freshSqlite(sqliteDir) : TestDatabases.freshPostgres();
    }

    /** One side of a cell: a fresh database with its pending grants, fulfilled one way. */
    private record Side(JdbcStorage storage, List<GrantId> grants, AtomicInteger next, Fulfill fulfill, long[] total) {
        Cell cell() {
            return new Cell(total[0] / (total[1] / 1e9), total[0], next.get() >= grants.size());
        }
    }

    /**
     * Engine and raw JDBC each on a fresh database, measured in alternating rounds, so that whatever else
     * the machine does during the cell weighs on both alike.
     */
    private static Cell[] cell(Database database, Path sqliteDir, int callers, int warmupSeconds, int seconds,
                               Written written) throws Exception {
        try (var engineStorage = JdbcStorage.open(settings(database, sqliteDir).withPoolSize(Math.max(2, callers)));
             var rawStorage = JdbcStorage.open(settings(database, sqliteDir).withPoolSize(Math.max(2, callers)))) {
            var engine = side(engineStorage, database, Way.ENGINE, warmupSeconds + seconds, written);
            var raw = side(rawStorage, database, Way.RAW, warmupSeconds + seconds, written);
            for (var side : new Side[] {engine, raw}) {
                run(side, callers, TimeUnit.SECONDS.toNanos(warmupSeconds));
                side.total()[0] = 0;
                side.total()[1] = 0;
            }
            long round = TimeUnit.SECONDS.toNanos(seconds) / ROUNDS;
            for (int r = 0; r < ROUNDS; r++) {
                run(engine, callers, round);
                run(raw, callers, round);
            }
            return new Cell[] {engine.cell(), raw.cell()};
        }
    }

    private static Side side(JdbcStorage storage, Database database, Way way, int seconds, Written written) throws SQLException {
        var world = Samples.world(storage);
        var engine = Engines.over(storage);
        var grants = issue(engine, storage, world, GRANTS_PER_SECOND * seconds);
        settle(storage, database);
        Fulfill fulfill = way == Way.ENGINE ? grant -> engineFulfill(engine, world, grant)
                : rawFulfill(storage, database, world, written);
        return new Side(storage, grants, new AtomicInteger(), fulfill, new long[2]);
    }

    private static void run(Side side, int callers, long nanos) throws InterruptedException {
        var done = run(side.fulfill(), side.grants(), side.next(), callers, nanos);
        side.total()[0] += done[0];
        side.total()[1] += done[1];
    }

    /** Fulfills with {@code callers} threads for about {@code nanos}; answers {fulfilled, elapsed nanos}. */
    private static long[] run(Fulfill fulfill, List<GrantId> grants, AtomicInteger next, int callers, long nanos)
            throws InterruptedException {
        var done = new LongAdder();
        var failures = new LongAdder();
        var pool = Executors.newFixedThreadPool(callers);
        var finished = new CountDownLatch(callers);
        long start = System.nanoTime();
        long end = start + nanos;
        for (int c = 0; c < callers; c++) {
            pool.submit(() -> {
                try {
                    int n;
                    while (System.nanoTime() < end && (n = next.getAndIncrement()) < grants.size()) {
                        try {
                            fulfill.run(grants.get(n));
                            done.increment();
                        } catch (Exception e) {
                            if (failures.sum() == 0) {
                                e.printStackTrace();
                            }
                            failures.increment();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        if (failures.sum() > 0) {
            throw new IllegalStateException(failures.sum() + " fulfillments failed");
        }
        return new long[] {done.sum(), elapsed};
    }

    /** Pending grants issued through the engine, many per unit of work: the setup, not what is measured. */
    private static List<GrantId> issue(Grantor engine, JdbcStorage storage, Samples.World world, int count) {
        var grants = new ArrayList<GrantId>(count);
        while (grants.size() < count) {
            int size = Math.min(ISSUED_PER_UNIT, count - grants.size());
            storage.transactions().write(() -> {
                for (int i = 0; i < size; i++) {
                    grants.add(Engines.issuePending(engine, world));
                }
                return Either.right(true);
            });
        }
        return grants;
    }

    /** Both ways start from the same state: statistics fresh, the setup's writes checkpointed. */
    private static void settle(JdbcStorage storage, Database database) throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); var s = c.createStatement()) {
            if (database == Database.SQLITE) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                s.execute("ANALYZE");
            } else {
                s.execute("VACUUM ANALYZE");
                s.execute("CHECKPOINT");
            }
        }
    }

    private static void engineFulfill(Grantor engine, Samples.World world, GrantId grant) {
        var delivered = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(),
                new FulfillLicenseKey(Samples.keyValue(), null, null));
        if (delivered.isLeft()) {
            throw new IllegalStateException("fulfillment refused: " + delivered.getLeft().message());
        }
    }

    // ---- raw JDBC ---------------------------------------------------------------------------------------

    private static Fulfill rawFulfill(JdbcStorage storage, Database database, Samples.World world, Written written) {
        boolean sqlite = database == Database.SQLITE;
        return grant -> {
            if (sqlite) {
                RAW_SQLITE_WRITER.lock();
            }
            try (Connection c = storage.dataSource().getConnection()) {
                rawFulfill(c, sqlite, world, written, grant);
            } finally {
                if (sqlite) {
                    RAW_SQLITE_WRITER.unlock();
                }
            }
        };
    }

    private static void rawFulfill(Connection c, boolean sqlite, Samples.World world, Written written, GrantId grant)
            throws SQLException {
        String business = world.businessId().value();
        String keyId = Samples.id("lic_");
        String key = Samples.keyValue();
        long now = System.currentTimeMillis() * 1_000_000L;
        if (sqlite) {
            execute(c, "BEGIN IMMEDIATE");
        } else {
            c.setAutoCommit(false);
        }
        boolean committed = false;
        try {
            long version;
            String brand;
            try (PreparedStatement s = c.prepareStatement(sqlite ? SELECT_GRANT : SELECT_PARTIES)) {
                s.setString(1, grant.value());
                s.setString(2, business);
                try (var r = s.executeQuery()) {
                    if (!r.next() || !r.getString("status").equals("Pending")) {
                        throw new IllegalStateException("not pending: " + grant.value());
                    }
                    version = r.getLong("version");
                    brand = r.getString("brand_id");
                }
            }
            if (sqlite) {
                try (PreparedStatement s = c.prepareStatement(SELECT_ENTITLEMENT)) {
                    s.setString(1, world.entitlement().id().value());
                    s.setString(2, business);
                    try (var r = s.executeQuery()) {
                        r.next();
                    }
                }
                try (PreparedStatement s = c.prepareStatement(SELECT_CUSTOMER)) {
                    s.setString(1, business);
                    s.setString(2, world.customer().id().value());
                    try (var r = s.executeQuery()) {
                        r.next();
                    }
                }
            }
            int rows = written.outbox().size();
            String outboxRows = INSERT_OUTBOX + ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)".repeat(rows - 1);
            if (sqlite) {
                // as the ports write them: the key, the grant, then a batch of the one-row outbox statement
                try (PreparedStatement s = c.prepareStatement(INSERT_KEY)) {
                    bindKey(s, 0, business, world, grant, keyId, key, now);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(UPDATE_GRANT)) {
                    bindUpdate(s, 0, written, grant, business, brand, keyId, key, version, now);
                    if (s.executeUpdate() != 1) {
                        throw new IllegalStateException("lost the race");
                    }
                }
                try (PreparedStatement s = c.prepareStatement(INSERT_OUTBOX)) {
                    for (String[] m : written.outbox()) {
                        bindMessage(s, 0, business, m, now);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            } else {
                // as JdbcFulfillments writes them: one statement, the inserts as WITH queries beside the grant's update
                try (PreparedStatement s = c.prepareStatement("WITH fulfilled_key AS (" + INSERT_KEY + "), fulfillment_messages AS ("
                        + outboxRows + ") " + UPDATE_GRANT)) {
                    int at = bindKey(s, 0, business, world, grant, keyId, key, now);
                    for (String[] m : written.outbox()) {
                        at = bindMessage(s, at, business, m, now);
                    }
                    bindUpdate(s, at, written, grant, business, brand, keyId, key, version, now);
                    if (s.executeUpdate() != 1) {
                        throw new IllegalStateException("lost the race");
                    }
                }
            }
            if (sqlite) {
                execute(c, "COMMIT");
            } else {
                c.commit();
            }
            committed = true;
        } finally {
            if (!committed) {
                if (sqlite) {
                    execute(c, "ROLLBACK");
                } else {
                    c.rollback();
                }
            }
            if (!sqlite) {
                c.setAutoCommit(true);
            }
        }
    }

    private static int bindKey(PreparedStatement s, int at, String business, Samples.World world, GrantId grant, String keyId,
                               String key, long now) throws SQLException {
        s.setString(at + 1, keyId);
        s.setString(at + 2, business);
        s.setString(at + 3, grant.value());
        s.setString(at + 4, world.customer().id().value());
        s.setString(at + 5, world.entitlement().id().value());
        s.setString(at + 6, key);
        s.setString(at + 7, "manual");
        s.setInt(at + 8, 3);
        s.setLong(at + 9, now / 1_000_000_000L + 31_536_000L);
        s.setInt(at + 10, 0);
        s.setNull(at + 11, Types.BIGINT);
        s.setLong(at + 12, now);
        s.setLong(at + 13, now);
        return at + 13;
    }

    private static int bindUpdate(PreparedStatement s, int at, Written written, GrantId grant, String business, String brand,
                                  String keyId, String key, long version, long now) throws SQLException {
        s.setString(at + 1, brand);
        s.setString(at + 2, written.grantMetadata());
        s.setLong(at + 3, now);
        s.setString(at + 4, "Delivered");
        s.setString(at + 5, "Delivered");
        s.setLong(at + 6, now);
        s.setString(at + 7, keyId);
        s.setString(at + 8, key);
        s.setNull(at + 9, Types.VARCHAR);
        s.setNull(at + 10, Types.BIGINT);
        s.setNull(at + 11, Types.VARCHAR);
        s.setNull(at + 12, Types.VARCHAR);
        s.setNull(at + 13, Types.BIGINT);
        s.setNull(at + 14, Types.VARCHAR);
        s.setString(at + 15, grant.value());
        s.setString(at + 16, business);
        s.setLong(at + 17, version);
        return at + 17;
    }

    private static int bindMessage(PreparedStatement s, int at, String business, String[] m, long now) throws SQLException {
        s.setString(at + 1, Samples.id("msg_"));
        s.setString(at + 2, business);
        s.setString(at + 3, m[0]);
        s.setString(at + 4, m[1]);
        s.setString(at + 5, m[2]);
        s.setLong(at + 6, now);
        s.setInt(at + 7, 0);
        s.setLong(at + 8, now);
        s.setString(at + 9, "PENDING");
        s.setNull(at + 10, Types.VARCHAR);
        return at + 10;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.execute();
        }
    }

    private static String loadAverage() {
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
