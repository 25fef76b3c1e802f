package dev.grantor.adapter.persistence;

import java.nio.file.Path;

/**
 * Where the data lives and how to reach it. A {@code jdbc:postgresql:} URL selects PostgreSQL, a
 * {@code jdbc:sqlite:} URL the embedded database.
 *
 * @param poolSize       connections kept by the pool; on SQLite writes still go one at a time
 * @param migrateOnStart apply pending migrations when the storage opens (safe on several nodes at once)
 */
public record StorageSettings(String jdbcUrl, String user, String password, int poolSize, boolean migrateOnStart) {

    public static final String SQLITE_FILE = "grantor.db";
    public static final int DEFAULT_POOL_SIZE = 10;

    public StorageSettings {
        if (jdbcUrl == null || Dialect.forUrl(jdbcUrl).isEmpty()) {
            throw new IllegalArgumentException("a jdbc:postgresql: or jdbc:sqlite: URL is required");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** The embedded default: {@code <dataDir>/grantor.db}, migrated on start. */
    public static StorageSettings sqlite(Path dataDir) {
        return new StorageSettings("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath(), "", "",
                DEFAULT_POOL_SIZE, true);
    }

    public static StorageSettings postgresql(String jdbcUrl, String user, String password) {
        return new StorageSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE, true);
    }

    public StorageSettings withPoolSize(int size) {
        return new StorageSettings(jdbcUrl, user, password, size, migrateOnStart);
    }

    public StorageSettings withMigrateOnStart(boolean migrate) {
        return new StorageSettings(jdbcUrl, user, password, poolSize, migrate);
    }

    Dialect dialect() {
        return Dialect.forUrl(jdbcUrl).get();
    }

    /** Never prints the password: settings end up in logs. */
    @Override
    public String toString() {
        return "StorageSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", poolSize=" + poolSize + ", migrateOnStart=" + migrateOnStart + "]";
    }
}
