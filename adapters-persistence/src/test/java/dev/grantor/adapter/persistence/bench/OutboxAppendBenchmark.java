package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.persistence.TestDatabases;
import dev.grantor.application.port.out.OutboxMessage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * How the outbox rows of one unit are cheapest to insert, one caller, per database: a Jdbi
 * {@code PreparedBatch} of single-row inserts, the same batch with the PostgreSQL driver's
 * {@code reWriteBatchedInserts}, and one multi-row {@code INSERT ... VALUES (...), (...)}. Each unit
 * inserts three rows of a fulfillment's sizes and rolls back, so only the inserts are timed, not the
 * commit's wait for the disk. The ways take turns. Then the adapter's own {@code Outbox.append} is timed the
 * same way ({@code engine}: only that), to compare builds. Not a test; run it like {@link FulfillBenchmark}:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.grantor.adapter.persistence.bench.OutboxAppendBenchmark [units per round [engine]]
 * </pre>
 */
public final class OutboxAppendBenchmark {

    private static final String COLUMNS = "id, business_id, kind, topic, payload, created_at, attempts, next_attempt_at,"
            + " status, last_error";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int ROWS = 3;
    private static final int ROUNDS = 6;
    private static final AtomicLong IDS = new AtomicLong();

    private OutboxAppendBenchmark() {}

    private interface Append {
        void run(Handle handle, List<Object[]> rows);
    }

    public static void main(String[] args) throws Exception {
        int units = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        System.out.println("load average at start: " + loadAverage());
        var dir = Files.createTempDirectory("grantor-outbox-bench");
        Append batch = OutboxAppendBenchmark::batch;
        Append multiRow = OutboxAppendBenchmark::multiRow;

        boolean engineOnly = args.length > 1 && args[1].equals("engine");
        var postgres = TestDatabases.freshPostgres();
        var rewriting = new StorageSettings(postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true", postgres.user(), postgres.password(), 2, true);
        if (!engineOnly) {
            measure("PostgreSQL", units, Map.of(
                    "batch", new Way(postgres, batch),
                    "batch, reWriteBatchedInserts", new Way(rewriting, batch),
                    "multi-row INSERT", new Way(postgres, multiRow)));
            var sqlite = TestDatabases.freshSqlite(dir);
            measure("SQLite", units, Map.of("batch", new Way(sqlite, batch), "multi-row INSERT", new Way(sqlite, multiRow)));
        }
        engine("PostgreSQL", TestDatabases.freshPostgres(), units);
        engine("SQLite", TestDatabases.freshSqlite(dir), units);
        System.out.println("load average at end: " + loadAverage());
        System.exit(0);
    }

    private record Way(StorageSettings settings, Append append) {}

    private static void measure(String database, int units, Map<String, Way> ways) {
        var names = new ArrayList<>(new java.util.TreeMap<>(ways).keySet());
        var storages = new LinkedHashMap<String, JdbcStorage>();
        var opened = new LinkedHashMap<StorageSettings, JdbcStorage>();
        for (String name : names) {
            var settings = ways.get(name).settings();
            storages.put(name, opened.computeIfAbsent(settings, s -> JdbcStorage.open(s.withPoolSize(2))));
        }
        String business = "bus_bench";
        var nanos = new LinkedHashMap<String, long[]>();
        for (int round = -1; round < ROUNDS; round++) {
            for (String name : names) {
                var jdbi = Jdbi.create(storages.get(name).dataSource());
                long[] times = new long[units];
                try (Handle handle = jdbi.open()) {
                    for (int i = 0; i < units; i++) {
                        var rows = rows(business);
                        handle.begin();
                        long start = System.nanoTime();
                        ways.get(name).append().run(handle, rows);
                        times[i] = System.nanoTime() - start;
                        handle.rollback();
                    }
                }
                if (round >= 0) {
                    nanos.merge(name, times, OutboxAppendBenchmark::concat);
                }
            }
        }
        System.out.printf("%s, %d units of %d rows per way (%d alternating rounds after one warm-up round), microseconds"
                + " per unit's inserts:%n", database, units * ROUNDS, ROWS, ROUNDS);
        System.out.printf("  %-30s %8s %8s %8s%n", "way", "mean", "median", "p90");
        nanos.forEach((name, times) -> {
            Arrays.sort(times);
            System.out.printf("  %-30s %8.1f %8.1f %8.1f%n", name, Arrays.stream(times).average().orElse(0) / 1e3,
                    times[times.length / 2] / 1e3, times[times.length * 9 / 10] / 1e3);
        });
        opened.values().forEach(JdbcStorage::close);
    }

    /** The adapter's own append (whichever form it has when built), inside a unit that rolls back. */
    private static void engine(String database, StorageSettings settings, int units) {
        try (var storage = JdbcStorage.open(settings.withPoolSize(2))) {
            var business = new dev.grantor.domain.shared.BusinessId(dev.grantor.adapter.persistence.Samples.id("bus_"));
            long[] times = new long[units * ROUNDS];
            for (int i = -units; i < units * ROUNDS; i++) {
                var messages = io.vavr.collection.List.ofAll(rows(business.value())).map(row -> OutboxMessage.fresh((String) row[0],
                        business, OutboxMessage.Kind.valueOf((String) row[2]), (String) row[3], (String) row[4],
                        java.time.Instant.ofEpochSecond(1_700_000_000L, (Long) row[5] % 1_000_000_000L)));
                int index = i;
                storage.transactions().write(() -> {
                    long start = System.nanoTime();
                    storage.outbox().append(messages);
                    if (index >= 0) {
                        times[index] = System.nanoTime() - start;
                    }
                    return io.vavr.control.Either.left("rolled back");
                });
            }
            Arrays.sort(times);
            System.out.printf("%s, the adapter's Outbox.append of %d rows in a unit, %d units: mean %.1f, median %.1f, p90 %.1f"
                    + " microseconds%n", database, ROWS, times.length, Arrays.stream(times).average().orElse(0) / 1e3,
                    times[times.length / 2] / 1e3, times[times.length * 9 / 10] / 1e3);
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** An event of about a fulfillment's size twice and its delivery email. */
    private static List<Object[]> rows(String business) {
        String event = "{\"type\":\"entitlement_grant.delivered\",\"data\":{" + "x".repeat(900) + "}}";
        String email = "{\"to\":\"someone@example.com\",\"key\":\"" + "k".repeat(600) + "\"}";
        var rows = new ArrayList<Object[]>();
        for (int i = 0; i < ROWS; i++) {
            boolean mail = i == ROWS - 1;
            rows.add(new Object[] {"msg_bench" + IDS.incrementAndGet(), business, mail ? "EMAIL" : "EVENT",
                    mail ? "email.license_key_delivery" : "entitlement_grant.delivered", mail ? email : event,
                    1_700_000_000_000_000_000L + i, 0, 1_700_000_000_000_000_000L + i, "PENDING", null});
        }
        return rows;
    }

    private static void batch(Handle handle, List<Object[]> rows) {
        var batch = handle.prepareBatch("INSERT INTO outbox (" + COLUMNS + ") VALUES " + ROW);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                bind(batch, i, row[i]);
            }
            batch.add();
        }
        batch.execute();
    }

    private static void multiRow(Handle handle, List<Object[]> rows) {
        var update = handle.createUpdate("INSERT INTO outbox (" + COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows.size(), ROW)));
        int position = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                bind(update, position++, value);
            }
        }
        update.execute();
    }

    private static void bind(org.jdbi.v3.core.statement.SqlStatement<?> statement, int position, Object value) {
        switch (value) {
            case Long l -> statement.bind(position, l.longValue());
            case Integer n -> statement.bind(position, n.intValue());
            case null -> statement.bind(position, (String) null);
            default -> statement.bind(position, (String) value);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(java.nio.file.Path.of("/proc/loadavg")).substring(0, 14).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
