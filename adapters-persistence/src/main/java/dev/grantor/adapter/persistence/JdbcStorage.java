package dev.grantor.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.Throttles;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookEndpoints;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The storage ports on one database, for bootstrap to hand to the engine. Open it once per process and
 * close it on shutdown: it owns the connection pool. A host that owns the pool (and perhaps runs transactions
 * of its own on it) uses {@link #on} instead; closing that storage leaves the pool alone.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}: a commit that returned survives a killed
 * process and a power loss. PostgreSQL's durability is the server's ({@code fsync} and
 * {@code synchronous_commit} on, its defaults).
 */
public final class JdbcStorage implements Grantor.Storage, AutoCloseable {

    /** How long a SQLite connection waits for another process's write lock before reporting busy. */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    /** What the pool is doing, for metrics. */
    public record PoolStats(int active, int idle, int total, int waiting, int maximum) {}

    /** Flyway's history table when Grantor owns the database, as it always has. */
    static final String OWN_HISTORY_TABLE = "flyway_schema_history";
    /** Flyway's history table on a host's database, beside the host's own migrations' table. */
    public static final String SHARED_HISTORY_TABLE = "grantor_schema_history";

    private final Dialect dialect;
    private final DataSource dataSource;
    private final Option<HikariDataSource> ownPool;
    private final int poolSize;
    private final String historyTable;
    private final JdbcTransactions transactions;
    private final GrantParties grantParties;
    private final Fulfillments fulfillments;
    private final Businesses businesses;
    private final Entitlements entitlements;
    private final Grants grants;
    private final JdbcLicenseKeys licenseKeys;
    private final Customers customers;
    private final ApiKeys apiKeys;
    private final Outbox outbox;
    private final IdempotencyRecords idempotencyRecords;
    private final SigningKeys signingKeys;
    private final WebhookEndpoints webhookEndpoints;
    private final WebhookDeliveries webhookDeliveries;
    private final SignIns signIns;
    private final JdbcOperators operators;
    private final ResendLedger resendLedger;
    private final KeyPools keyPools;
    private final PortalSignIns portalSignIns;
    private final Throttles throttles;

    private JdbcStorage(Dialect dialect, DataSource dataSource, Option<HikariDataSource> ownPool, int poolSize,
                        String historyTable, HostTransactions host) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.poolSize = poolSize;
        this.historyTable = historyTable;
        // A pool of Grantor's own on PostgreSQL: its callers take turns for its connections. On SQLite the writers already
        // queue in arrival order for the one writer, and a writer holding that turn must not queue again behind readers.
        // On SQLite in a pool of Grantor's own, prepared statements are kept per connection (the driver and the pool keep
        // none; PostgreSQL's driver keeps its own); a host's connections are the host's, so nothing is left on them.
        this.transactions = new JdbcTransactions(dataSource, dialect, host,
                ownPool.isDefined() && dialect == Dialect.POSTGRESQL ? poolSize : 0,
                ownPool.isDefined() && dialect == Dialect.SQLITE);
        this.businesses = new JdbcBusinesses(transactions);
        this.entitlements = new JdbcEntitlements(transactions);
        this.grants = new JdbcGrants(transactions, dialect);
        this.licenseKeys = new JdbcLicenseKeys(transactions, dialect);
        this.customers = new JdbcCustomers(transactions, dialect);
        // joined on PostgreSQL, where it saves two network round trips; on SQLite, in process, three plain reads measured
        // faster than preparing the join for every fulfillment (SQLite fulfills at 16 clients: 2,550 / 2,587 a second
        // with three reads, 2,117 / 2,088 with the join)
        this.keyPools = new JdbcKeyPools(transactions, dialect);
        this.grantParties = dialect == Dialect.POSTGRESQL ? new JdbcGrantParties(transactions)
                : GrantParties.separately(grants, entitlements, customers, keyPools);
        this.apiKeys = new JdbcApiKeys(transactions, dialect);
        this.outbox = new JdbcOutbox(transactions, dialect);
        // one statement on PostgreSQL, where it saves two network round trips (three with a pooled key); SQLite has no
        // data-modifying WITH
        var writesApart = Fulfillments.separately(licenseKeys, grants, outbox, keyPools);
        this.fulfillments = dialect == Dialect.POSTGRESQL ? new JdbcFulfillments(transactions, writesApart) : writesApart;
        this.idempotencyRecords = new JdbcIdempotencyRecords(transactions, dialect);
        this.signingKeys = new JdbcSigningKeys(transactions, dialect);
        this.webhookEndpoints = new JdbcWebhookEndpoints(transactions, dialect);
        this.webhookDeliveries = new JdbcWebhookDeliveries(transactions, dialect);
        this.signIns = new JdbcSignIns(transactions, dialect);
        this.operators = new JdbcOperators(transactions, dialect);
        this.resendLedger = new JdbcResendLedger(transactions);
        this.portalSignIns = new JdbcPortalSignIns(transactions, dialect);
        this.throttles = new JdbcThrottles(transactions, dialect);
    }

    /** Opens the pool and, when the settings ask for it, migrates the schema to the current version. */
    public static JdbcStorage open(StorageSettings settings) {
        var dataSource = pool(settings);
        try {
            var storage = new JdbcStorage(settings.dialect(), dataSource, Option.some(dataSource),
                    settings.poolSize(), OWN_HISTORY_TABLE, HostTransactions.NONE);
            if (settings.migrateOnStart()) {
                storage.migrate();
            }
            return storage;
        } catch (RuntimeException failure) {
            dataSource.close();
            throw failure;
        }
    }

    /**
     * The storage ports on a host's {@code DataSource} (PostgreSQL or SQLite, told apart by the driver's URL),
     * joining the host's transactions that {@code host} reports. Nothing is migrated until {@link #migrate()};
     * Grantor's history table is then {@value #SHARED_HISTORY_TABLE}, so the host's own migrations keep theirs.
     *
     * <p>On SQLite the host's connections need the pragmas Grantor relies on: {@code foreign_keys=true}, and for
     * durability {@code journal_mode=WAL} with {@code synchronous=FULL}; a {@code DataSource} without them is refused.
     *
     * @throws IllegalArgumentException when the database is neither PostgreSQL nor SQLite
     * @throws UnmetSqlitePragmas when a SQLite connection lacks a pragma Grantor relies on
     */
    public static JdbcStorage on(DataSource dataSource, HostTransactions host) {
        String url;
        try (Connection connection = dataSource.getConnection()) {
            url = String.valueOf(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to tell which one it is: " + e.getMessage(), e);
        }
        Dialect dialect = Dialect.forUrl(url).getOrElseThrow(() -> new IllegalArgumentException(
                "Grantor stores its data in PostgreSQL or SQLite; this DataSource is " + url.replaceAll("\\?.*", "")));
        int poolSize = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : 0;
        var storage = new JdbcStorage(dialect, dataSource, Option.none(), poolSize, SHARED_HISTORY_TABLE, host);
        var unmet = storage.unmetSqlitePragmas();
        if (!unmet.isEmpty()) {
            throw new UnmetSqlitePragmas(unmet);
        }
        return storage;
    }

    /**
     * A host's SQLite {@code DataSource} whose connections lack pragmas Grantor relies on: without them SQLite
     * silently skips foreign keys, and a commit may not survive a power loss.
     */
    public static final class UnmetSqlitePragmas extends IllegalStateException {

        /** A JDBC URL that gives every pragma Grantor relies on, for a message's example. */
        public static final String EXAMPLE_URL =
                "jdbc:sqlite:shop.db?foreign_keys=true&journal_mode=WAL&synchronous=FULL&busy_timeout=10000&transaction_mode=IMMEDIATE";

        private final java.util.List<String> unmet;

        UnmetSqlitePragmas(java.util.List<String> unmet) {
            super("Grantor needs pragmas on the host's SQLite connections that they do not have: " + String.join(", ", unmet)
                    + ". Give them in the DataSource's JDBC URL, such as " + EXAMPLE_URL);
            this.unmet = java.util.List.copyOf(unmet);
        }

        /** Each unmet pragma as {@code "name=value (needs X)"}. */
        public java.util.List<String> unmet() {
            return unmet;
        }
    }

    /**
     * On SQLite, each pragma Grantor relies on (those its own pool sets, {@link #poolConfig}) that a connection of this
     * storage's {@code DataSource} lacks, as {@code "name=value (needs X)"}; empty when all hold, and on PostgreSQL. A
     * host's pool is configured by the host, and without them SQLite silently skips foreign keys and a commit may not
     * survive a power loss. SQLite cannot report {@code transaction_mode} or how the busy timeout was chosen.
     */
    public java.util.List<String> unmetSqlitePragmas() {
        if (dialect != Dialect.SQLITE) {
            return java.util.List.of();
        }
        var unmet = new java.util.ArrayList<String>();
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            String foreignKeys = pragma(statement, "foreign_keys");
            if (!foreignKeys.equals("1")) {
                unmet.add("foreign_keys=" + foreignKeys + " (needs true)");
            }
            String journal = pragma(statement, "journal_mode").toLowerCase(java.util.Locale.ROOT);
            if (!journal.equals("wal")) {
                unmet.add("journal_mode=" + journal + " (needs WAL)");
            }
            String synchronous = pragma(statement, "synchronous");
            // 2 is FULL, 3 EXTRA: with WAL, NORMAL (1) can lose the last commits in a power loss
            if (!synchronous.equals("2") && !synchronous.equals("3")) {
                unmet.add("synchronous=" + synchronous + " (needs FULL)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the SQLite pragmas of the DataSource: " + e.getMessage(), e);
        }
        return java.util.List.copyOf(unmet);
    }

    private static String pragma(java.sql.Statement statement, String name) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA " + name)) {
            return result.next() ? String.valueOf(result.getString(1)) : "";
        }
    }

    /**
     * A new SQLite database's first connections turn it to WAL, and SQLite answers another node's connection busy
     * meanwhile without waiting out {@code busy_timeout}: only that failure is tried again, for as long; any other
     * (a path that is no database) fails at once.
     */
    private static HikariDataSource pool(StorageSettings settings) {
        long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SQLITE_BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                return new HikariDataSource(poolConfig(settings));
            } catch (RuntimeException failure) {
                boolean busy = SqlFailures.sqlCause(failure).exists(SqlFailures::isRetryable);
                if (settings.dialect() != Dialect.SQLITE || !busy || System.nanoTime() - giveUpAt > 0) {
                    throw failure;
                }
                pauseBeforeMigrating();
            }
        }
    }

    private static HikariConfig poolConfig(StorageSettings settings) {
        var config = new HikariConfig();
        config.setPoolName("grantor-" + settings.dialect().name().toLowerCase(java.util.Locale.ROOT));
        config.setJdbcUrl(settings.jdbcUrl());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(true);
        switch (settings.dialect()) {
            case SQLITE -> {
                createParentDirectory(settings.jdbcUrl());
                // read by sqlite-jdbc as pragmas on every new connection
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "FULL");
                config.addDataSourceProperty("foreign_keys", "true");
                config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
            }
            case POSTGRESQL -> {
                config.setUsername(settings.user());
                config.setPassword(settings.password());
                // the server's detail quotes the row ("Key (value)=(...) already exists"), and failures are logged whole
                config.addDataSourceProperty("logServerErrorDetail", "false");
            }
        }
        return config;
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + parent, e);
        }
    }

    /**
     * Applies pending migrations. Several nodes may call this at once: on PostgreSQL Flyway serialises
     * them with an advisory lock. On SQLite it takes no lock, and a node whose migration transaction read
     * the schema before another node wrote it fails with {@code SQLITE_BUSY_SNAPSHOT}, which the busy
     * timeout does not wait out; its transaction rolled back (SQLite's DDL is transactional), so it
     * starts over and finds the other node's work done. Every migration is a race of its own, so a node
     * may lose many in one start; it gives up only after {@value #MIGRATION_ATTEMPTS} losses in a row while no
     * other node applied anything.
     */
    public void migrate() {
        var flyway = flyway();
        var info = flyway.info();
        refuseNewerSchema(info);
        int applied = info.applied().length;
        for (int lostInARow = 1; ; lostInARow++) {
            try {
                flyway.migrate();
                return;
            } catch (RuntimeException failure) {
                if (dialect != Dialect.SQLITE || !lostMigrationRace(failure)) {
                    throw failure;
                }
                int appliedNow = flyway.info().applied().length;
                if (appliedNow > applied) {
                    applied = appliedNow;
                    lostInARow = 0;
                } else if (lostInARow >= MIGRATION_ATTEMPTS) {
                    throw failure;
                }
                pauseBeforeMigrating();
            }
        }
    }

    private static final int MIGRATION_ATTEMPTS = 10;

    /**
     * The versions of Grantor's migrations this database has not applied, oldest first; empty when its schema is
     * current. For a host that applies them itself, to refuse to start on a schema Grantor's statements would
     * fail on. Throws, as {@link #migrate()} does, on a schema a newer Grantor has migrated.
     */
    public java.util.List<String> pendingMigrations() {
        var info = flyway().info();
        refuseNewerSchema(info);
        return java.util.Arrays.stream(info.pending()).map(migration -> migration.getVersion().getVersion()).toList();
    }

    /**
     * A database a newer Grantor has migrated is not this binary's to use: Flyway only warns and carries on, and this
     * version's statements would then write rows the newer schema's readers miss (an operator without the case-folded
     * address a newer Grantor finds operators by never gets a sign-in link again). Reads the history table only, so a
     * refused start-up has written nothing.
     *
     * @throws IllegalStateException naming both versions, when the history holds a migration this binary lacks
     */
    private static void refuseNewerSchema(org.flywaydb.core.api.MigrationInfoService info) {
        var newer = java.util.Arrays.stream(info.applied())
                .filter(applied -> applied.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS
                        || applied.getState() == org.flywaydb.core.api.MigrationState.FUTURE_FAILED)
                .map(applied -> applied.getVersion().getVersion())
                .toList();
        if (newer.isEmpty()) {
            return;
        }
        String known = java.util.Arrays.stream(info.all()).filter(migration -> migration.getState().isResolved())
                .map(migration -> migration.getVersion())
                .max(java.util.Comparator.naturalOrder())
                .map(version -> version.getVersion()).orElse("none");
        throw new IllegalStateException("the database's schema is at version " + newer.getLast() + ", newer than this"
                + " Grantor knows (its latest migration is " + known + "): a newer Grantor has migrated it. Run that"
                + " version or a later one; to go back to this one, restore the backup taken before the upgrade");
    }

    private Flyway flyway() {
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .table(historyTable)
                .failOnMissingLocations(true);
        if (!historyTable.equals(OWN_HISTORY_TABLE)) {
            // the host's schema is not empty (its own tables are there): start Grantor's history below V1, so
            // that every migration of Grantor's still runs
            configuration = configuration.baselineOnMigrate(true).baselineVersion("0");
        }
        return configuration.load();
    }

    private static boolean lostMigrationRace(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (SqlFailures.isRetryable(sql) || String.valueOf(sql.getMessage()).contains("already exists"))) {
                return true;
            }
        }
        return false;
    }

    private static void pauseBeforeMigrating() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(10, 100));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to migrate again", interrupted);
        }
    }

    /** True when the database answers a trivial query within a second: what {@code /ready} reports. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            return statement.execute("SELECT 1");
        } catch (SQLException | RuntimeException unreachable) {
            return false;
        }
    }

    /** The pool's usage; all zero (but the maximum) for a host's pool that is not HikariCP. */
    public PoolStats poolStats() {
        var pool = dataSource instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
        if (pool == null) {
            return new PoolStats(0, 0, 0, 0, poolSize);
        }
        return new PoolStats(pool.getActiveConnections(), pool.getIdleConnections(), pool.getTotalConnections(),
                pool.getThreadsAwaitingConnection(), poolSize);
    }

    /** {@code postgresql} or {@code sqlite}. */
    public String databaseKind() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Runs {@code work} once the current unit of work has committed (the host's transaction, when the unit joined
     * one), never if it rolls back, and at once outside any unit.
     */
    public void afterCommit(Runnable work) {
        transactions.afterCommit(work);
    }

    /** The pool itself, for tools that need plain JDBC (benchmarks, administration). */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Transactions transactions() {
        return transactions;
    }

    @Override
    public Businesses businesses() {
        return businesses;
    }

    @Override
    public Entitlements entitlements() {
        return entitlements;
    }

    @Override
    public Grants grants() {
        return grants;
    }

    /** PostgreSQL's shared validation reads, for tests to see callers sharing them; none on SQLite. */
    Option<SharedReads<?, ?>> sharedValidations() {
        return licenseKeys.sharedValidations();
    }

    @Override
    public LicenseKeys licenseKeys() {
        return licenseKeys;
    }

    @Override
    public KeyPools keyPools() {
        return keyPools;
    }

    @Override
    public Customers customers() {
        return customers;
    }

    @Override
    public GrantParties grantParties() {
        return grantParties;
    }

    @Override
    public Fulfillments fulfillments() {
        return fulfillments;
    }

    @Override
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        return idempotencyRecords;
    }

    @Override
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** Outgoing webhooks' endpoints; they join this storage's units of work. */
    @Override
    public WebhookEndpoints webhookEndpoints() {
        return webhookEndpoints;
    }

    /** Outgoing webhooks' deliveries; they join this storage's units of work. */
    @Override
    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }

    @Override
    public SignIns signIns() {
        return signIns;
    }

    @Override
    public dev.grantor.application.port.out.Operators operators() {
        return operators;
    }

    @Override
    public dev.grantor.application.port.out.AuditTrail auditTrail() {
        return operators;
    }

    @Override
    public PortalSignIns portalSignIns() {
        return portalSignIns;
    }

    @Override
    public Throttles throttles() {
        return throttles;
    }

    @Override
    public ResendLedger resendLedger() {
        return resendLedger;
    }

    /** Closes the pool this storage opened; a host's pool stays open, it is the host's. */
    @Override
    public void close() {
        ownPool.forEach(HikariDataSource::close);
    }
}
