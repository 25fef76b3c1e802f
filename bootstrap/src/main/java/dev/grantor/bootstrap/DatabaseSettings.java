package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.application.signing.PrivateKeySeal;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Where the data lives: a PostgreSQL database when a URL is given, else the embedded SQLite file
 * {@code <dataDir>/grantor.db}. The data directory is needed either way: it also holds the mail pickup directory.
 *
 * @param poolSize connections Grantor's pool keeps open, from {@link #MIN_POOL_SIZE} to {@link #MAX_POOL_SIZE}
 */
public record DatabaseSettings(Path dataDir, Option<String> url, Option<String> user, Option<String> password,
                               PrivateKeySeal signingKeySeal, int poolSize) {

    public static final String EMBEDDED_FILE = "grantor.db";
    /** Migrating on start holds one connection for Flyway's lock on PostgreSQL while it applies on another. */
    public static final int MIN_POOL_SIZE = 2;
    /** PostgreSQL's own default allows 100 connections in all; a pool beyond this is a typo, not a sizing. */
    public static final int MAX_POOL_SIZE = 500;

    public DatabaseSettings {
        if (dataDir == null || url == null || user == null || password == null || signingKeySeal == null) {
            throw new IllegalArgumentException("database settings need a data directory; absent values are Option.none()");
        }
        if (poolSize < MIN_POOL_SIZE || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("the pool size must be between " + MIN_POOL_SIZE + " and " + MAX_POOL_SIZE
                    + ", not " + poolSize);
        }
    }

    /** Signing keys stored unwrapped (see {@link #withSigningKeySeal}), the default pool size. */
    public DatabaseSettings(Path dataDir, Option<String> url, Option<String> user, Option<String> password) {
        this(dataDir, url, user, password, PrivateKeySeal.unwrapped(), StorageSettings.DEFAULT_POOL_SIZE);
    }

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(dataDir, Option.none(), Option.none(), Option.none());
    }

    public static DatabaseSettings external(Path dataDir, String url, String user, String password) {
        return new DatabaseSettings(dataDir, Option.some(url), Option.of(user), Option.of(password));
    }

    /** Signing keys' private halves sealed by {@code seal} ({@link PrivateKeySeal#wrappingWith}: AES-256-GCM under a KEK). */
    public DatabaseSettings withSigningKeySeal(PrivateKeySeal seal) {
        return new DatabaseSettings(dataDir, url, user, password, seal, poolSize);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(dataDir, url, user, password, signingKeySeal, size);
    }

    public Path embeddedFile() {
        return dataDir.resolve(EMBEDDED_FILE);
    }

    /** For messages and logs: the URL without its query (which may hold a password), or the embedded file. */
    public String location() {
        return url.map(u -> u.replaceFirst("\\?.*$", "")).getOrElse(() -> embeddedFile().toString());
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + location() + user.map(u -> ", user " + u).getOrElse("") + ", pool " + poolSize + "]";
    }
}
