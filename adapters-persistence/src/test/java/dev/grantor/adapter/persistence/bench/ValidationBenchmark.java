package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.Engines;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.Samples;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.persistence.TestDatabases;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * License validations per second through the engine ({@code Grantor.licensing().check(...)} over {@code JdbcStorage},
 * the call {@code POST /licenses/validate} makes) next to raw JDBC running the identical statement on statements
 * prepared once per connection: the database's own limit for that read. Before measuring, one validation
 * each way runs on connections that record what reaches the driver, and the benchmark stops unless both issued the
 * same single statement. Not a test; build the class path as {@link FulfillBenchmark} says, then
 *
 * <pre>
 * cd adapters-persistence &amp;&amp; java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.grantor.adapter.persistence.bench.ValidationBenchmark [3 2 [sqlite|postgresql|all [callers]]]
 * </pre>
 *
 * (measured and warm-up seconds per round and way; the engine and raw JDBC take turns for {@value #ROUNDS} rounds).
 * The keys are those of {@value #KEYS} grants fulfilled beforehand, each validation picking one at random.
 */
public final class ValidationBenchmark {

    private static final int KEYS = 2_000;
    private static final int ROUNDS = 3;
    /** The raw side's connections; the engine's pool has as many of its own. */
    private static final int RAW_CONNECTIONS = 16;

    private interface Validate {
        void run(String key) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        var databases = args.length > 2 && !args[2].equals("all") ? List.of(args[2].toLowerCase(Locale.ROOT))
                : List.of("sqlite", "postgresql");
        int[] callerCounts = args.length > 3 ? new int[] {Integer.parseInt(args[3])} : new int[] {1, 16};
        RecordingDriver.install();
        Path sqliteDir = Files.createTempDirectory("grantor-bench");
        var rows = new StringBuilder();
        for (String database : databases) {
            var settings = database.equals("sqlite") ? TestDatabases.freshSqlite(sqliteDir) : TestDatabases.freshPostgres();
            try (var storage = JdbcStorage.open(settings.withPoolSize(2 * RAW_CONNECTIONS))) {
                var world = Samples.world(storage);
                Grantor engine = Engines.over(storage);
                var keys = fulfilled(engine, world);
                Validate viaEngine = validating(engine);
                String sql = statementOfAValidation(settings, keys.getFirst(), database);
                var raw = new RawLookup(storage, sql);
                for (int callers : callerCounts) {
                    String before = loadAverage();
                    double[] perSecond = new double[2];
                    long[][] totals = new long[2][2];
                    for (int round = 0; round <= ROUNDS; round++) {
                        for (int way = 0; way < 2; way++) {
                            Validate validate = way == 0 ? viaEngine : raw::run;
                            long[] done = run(validate, keys, callers, (round == 0 ? warmup : seconds) * 1_000_000_000L);
                            if (round > 0) {
                                totals[way][0] += done[0];
                                totals[way][1] += done[1];
                            }
                        }
                    }
                    for (int way = 0; way < 2; way++) {
                        perSecond[way] = totals[way][0] / (totals[way][1] / 1e9);
                    }
                    String row = String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.0f%% | %.1f / %.1f | %s -> %s |%n",
                            database, callers, perSecond[0], perSecond[1], 100 * perSecond[0] / perSecond[1],
                            1e6 * callers / perSecond[0], 1e6 * callers / perSecond[1], before, loadAverage());
                    System.out.print("cell: " + row);
                    rows.append(row);
                }
                raw.close();
            }
        }
        System.out.printf("%n%d s measured per way and cell, in %d alternating rounds, after %d s warm-up each%n%n",
                seconds, ROUNDS, warmup);
        System.out.println("| database | callers | engine validations/s | raw JDBC validations/s | engine/raw"
                + " | us per validation and caller, engine / raw | load average |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.print(rows);
        System.exit(0);
    }

    /** Keys of grants the engine fulfilled, so each validation reads a delivered key and its grant. */
    private static List<String> fulfilled(Grantor engine, Samples.World world) {
        var keys = new ArrayList<String>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            var grant = Engines.issuePending(engine, world);
            String key = Samples.keyValue();
            var delivered = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(),
                    new FulfillLicenseKey(key, null, null));
            if (delivered.isLeft()) {
                throw new IllegalStateException("fulfillment failed: " + delivered.getLeft());
            }
            keys.add(key);
        }
        return keys;
    }

    private static Validate validating(Grantor engine) {
        return key -> {
            var verdict = engine.licensing().check(new ValidateLicense(key, null));
            if (verdict.isLeft() || !verdict.get().valid()) {
                throw new IllegalStateException("a delivered key did not validate: " + verdict);
            }
        };
    }

    /**
     * What one validation through the engine executes, seen by a second storage on the same database whose
     * connections record it (the measured storage's are the drivers' own); stops the benchmark unless it is one statement.
     */
    private static String statementOfAValidation(StorageSettings settings, String key, String database) throws Exception {
        List<String> statements;
        RecordingDriver.wrapping(true);
        try (var recorded = JdbcStorage.open(settings.withPoolSize(2))) {
            var viaEngine = validating(Engines.over(recorded));
            viaEngine.run(key);
            RecordingDriver.startRecording();
            viaEngine.run(key);
            statements = RecordingDriver.stopRecording();
        } finally {
            RecordingDriver.wrapping(false);
        }
        if (statements.size() != 1) {
            throw new IllegalStateException("a validation on " + database + " executed " + statements + ", not one statement");
        }
        System.out.println(database + ": a validation executes one statement; raw JDBC runs it on a kept statement: "
                + statements.getFirst());
        return statements.getFirst();
    }

    /**
     * The statement prepared once on each of {@value #RAW_CONNECTIONS} connections of the storage's pool, which the raw
     * callers take turns at: each call takes a statement, runs it, and gives it back.
     */
    private static final class RawLookup {
        private final java.util.concurrent.BlockingQueue<PreparedStatement> statements =
                new java.util.concurrent.ArrayBlockingQueue<>(RAW_CONNECTIONS);
        private final List<Connection> opened = new ArrayList<>();

        RawLookup(JdbcStorage storage, String sql) throws SQLException {
            for (int i = 0; i < RAW_CONNECTIONS; i++) {
                Connection connection = storage.dataSource().getConnection();
                opened.add(connection);
                statements.add(connection.prepareStatement(sql));
            }
        }

        void run(String key) throws SQLException, InterruptedException {
            PreparedStatement lookup = statements.take();
            try {
                lookup.setString(1, key);
                try (var rs = lookup.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no key " + key);
                    }
                }
            } finally {
                statements.add(lookup);
            }
        }

        void close() throws SQLException {
            for (Connection connection : opened) {
                connection.close();
            }
        }
    }

    /** Validates with {@code callers} threads for about {@code nanos}; answers {validations, elapsed nanos}. */
    private static long[] run(Validate validate, List<String> keys, int callers, long nanos) throws InterruptedException {
        var done = new LongAdder();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        long start = System.nanoTime();
        long end = start + nanos;
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                var random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        validate.run(keys.get(random.nextInt(keys.size())));
                        done.increment();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a validation failed", failure.get());
        }
        return new long[] {done.sum(), System.nanoTime() - start};
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
