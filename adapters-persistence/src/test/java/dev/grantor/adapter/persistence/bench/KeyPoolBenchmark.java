package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.Engines;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.TestDatabases;
import dev.grantor.application.Grantor;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grants issued and fulfilled from a key pool per second (one unit of work each: issue, claim, deliver) next to the
 * same number issued and then fulfilled by hand (two units each), on the in-memory store, SQLite and PostgreSQL, at
 * 1 and 16 callers; and the seconds an import of 10,000 keys takes. Not a test; run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd adapters-persistence &amp;&amp; java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.grantor.adapter.persistence.bench.KeyPoolBenchmark [grants per cell, default 2000] [memory|sqlite|postgresql ...]
 * </pre>
 *
 * Each cell runs on a fresh database (SQLite in WAL mode with synchronous=FULL, PostgreSQL embedded with fsync on),
 * relay stopped, so the outbox keeps every email and event it would send.
 */
public final class KeyPoolBenchmark {

    private KeyPoolBenchmark() {}

    private record Cell(String store, int callers, double pooledPerSecond, double manualPerSecond) {}

    public static void main(String[] args) throws Exception {
        int grants = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        var stores = args.length > 1 ? List.of(args).drop(1) : List.of("memory", "sqlite", "postgresql");
        System.out.printf("key pool benchmark: %d grants per cell%n", grants);
        for (String store : stores) {
            for (int callers : new int[] {1, 16}) {
                double pooled = run(store, grants, callers, true);
                double manual = run(store, grants, callers, false);
                System.out.printf("%-10s callers %2d: from the pool %8.1f grants/s, issued then fulfilled by hand %8.1f grants/s"
                        + " (pool %.0f%% of manual)%n", store, callers, pooled, manual, 100 * pooled / manual);
            }
            System.out.printf("%-10s import of 10,000 keys: %.2f s%n", store, importSeconds(store));
        }
    }

    private interface Node extends AutoCloseable {
        Grantor engine();

        @Override
        void close();
    }

    private static Node open(String store) throws Exception {
        return switch (store) {
            case "memory" -> node(Grantor.builder().storage(new InMemoryStore()).mailer(emails -> emails.map(e -> SendOutcome.SENT))
                    .build(), () -> { });
            case "sqlite" -> {
                var storage = JdbcStorage.open(TestDatabases.freshSqlite(Files.createTempDirectory("pool-bench")).withPoolSize(16));
                yield node(Engines.over(storage), storage::close);
            }
            case "postgresql" -> {
                var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(16));
                yield node(Engines.over(storage), storage::close);
            }
            default -> throw new IllegalArgumentException("memory, sqlite or postgresql, not " + store);
        };
    }

    private static Node node(Grantor engine, Runnable close) {
        return new Node() {
            @Override
            public Grantor engine() {
                return engine;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** Grants per second: issued from a stocked pool, or issued and then fulfilled by hand. */
    private static double run(String store, int grants, int callers, boolean pooled) throws Exception {
        try (var node = open(store)) {
            var engine = node.engine();
            var business = engine.access().createBusiness("Bench").get().id();
            String entitlement = engine.entitlements().create(business, new CreateEntitlement("Game key",
                    LicenseKeyConfig.manual(), null, null)).get().id().value();
            if (pooled) {
                engine.keyPools().open(business, entitlement, new OpenPool(0L)).get();
                for (int from = 0; from < grants; from += 10_000) {
                    int start = from;
                    engine.keyPools().importKeys(business, entitlement, new ImportKeys(List.range(start, Math.min(grants, start + 10_000))
                            .map(i -> KeyLine.of(i + 1, "POOLED-" + store + "-" + i, null, null)))).get();
                }
            }
            var next = new AtomicInteger();
            long started = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(callers)) {
                var futures = new java.util.ArrayList<Future<?>>();
                for (int c = 0; c < callers; c++) {
                    futures.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < grants; i = next.getAndIncrement()) {
                            one(engine, business, entitlement, i, pooled);
                        }
                        return null;
                    }));
                }
                for (var future : futures) {
                    future.get();
                }
            }
            return grants / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static void one(Grantor engine, BusinessId business, String entitlement, int i, boolean pooled) {
        var issued = engine.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, "buyer" + i + "@example.com", null), "pay_" + i, null, null)).get();
        if (pooled) {
            if (issued.grant().grant().status() != GrantStatus.DELIVERED) {
                throw new IllegalStateException("the pool ran dry at grant " + i);
            }
            return;
        }
        engine.fulfillment().fulfillLicenseKey(business, issued.grant().grant().id().value(),
                new FulfillLicenseKey("MANUAL-" + i + "-" + entitlement, null, null)).get();
    }

    private static double importSeconds(String store) throws Exception {
        try (var node = open(store)) {
            var engine = node.engine();
            var business = engine.access().createBusiness("Bench").get().id();
            String entitlement = engine.entitlements().create(business, new CreateEntitlement("Game key",
                    LicenseKeyConfig.manual(), null, null)).get().id().value();
            engine.keyPools().open(business, entitlement, new OpenPool(0L)).get();
            var keys = new ImportKeys(List.range(0, 10_000).map(i -> KeyLine.of(i + 1, "IMPORTED-" + i + "-XXXXXXXXXXXX", null, null)));
            long started = System.nanoTime();
            var report = engine.keyPools().importKeys(business, entitlement, keys).get();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (report.imported() != 10_000) {
                throw new IllegalStateException("imported " + report.imported());
            }
            return seconds;
        }
    }
}
