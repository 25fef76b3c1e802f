package dev.grantor.bootstrap;

import dev.grantor.application.signing.PrivateKeySeal;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Where the data lives: a PostgreSQL database when a URL is given, else the embedded SQLite file
 * {@code <dataDir>/grantor.db}. The data directory is needed either way: it also holds the mail pickup directory.
 */
public record DatabaseSettings(Path dataDir, Option<String> url, Option<String> user, Option<String> password,
                               PrivateKeySeal signingKeySeal) {

    public static final String EMBEDDED_FILE = "grantor.db";

    public DatabaseSettings {
        if (dataDir == null || url == null || user == null || password == null || signingKeySeal == null) {
            throw new IllegalArgumentException("database settings need a data directory; absent values are Option.none()");
        }
    }

    /** Signing keys stored unwrapped: see {@link #withSigningKek(byte[])}. */
    public DatabaseSettings(Path dataDir, Option<String> url, Option<String> user, Option<String> password) {
        this(dataDir, url, user, password, PrivateKeySeal.unwrapped());
    }

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(dataDir, Option.none(), Option.none(), Option.none());
    }

    public static DatabaseSettings external(Path dataDir, String url, String user, String password) {
        return new DatabaseSettings(dataDir, Option.some(url), Option.of(user), Option.of(password));
    }

    /** Signing keys' private halves wrapped with AES-256-GCM under this 32-byte key-encryption key. */
    public DatabaseSettings withSigningKek(byte[] kek) {
        return new DatabaseSettings(dataDir, url, user, password, PrivateKeySeal.wrappingWith(kek));
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
        return "DatabaseSettings[" + location() + user.map(u -> ", user " + u).getOrElse("") + "]";
    }
}
