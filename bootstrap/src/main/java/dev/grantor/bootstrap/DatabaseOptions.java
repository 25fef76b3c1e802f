package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.application.signing.PrivateKeySeal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The database options every data command shares with {@code serve}. */
public final class DatabaseOptions {

    /** {@code //user@} or {@code //user:password@} before the host, which PostgreSQL's driver does not read. */
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^jdbc:[a-z]+://[^/?#]*@");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./grantor-data",
            description = "Directory of the embedded database and the mail pickup directory (GRANTOR_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/grantor (GRANTOR_DB_URL; default: SQLite in the data dir).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (GRANTOR_DB_USER).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (GRANTOR_DB_PASSWORD; prefer the environment: arguments show in ps).")
    String password;

    @Option(names = "--db-pool-size", paramLabel = "N",
            description = "Connections Grantor's pool keeps open, " + DatabaseSettings.MIN_POOL_SIZE + "-" + DatabaseSettings.MAX_POOL_SIZE + " (GRANTOR_DB_POOL_SIZE, default "
                    + StorageSettings.DEFAULT_POOL_SIZE + "). Requests beyond it wait their turn,"
                    + " in arrival order.")
    Integer poolSize;

    @Option(names = "--signing-kek", paramLabel = "BASE64",
            description = "Key-encryption key for the businesses' signing keys: 32 random bytes in base64, e.g. from "
                    + "'openssl rand -base64 32' (GRANTOR_SIGNING_KEK; prefer the environment to the command line). "
                    + "Without it, signing keys are stored unwrapped in the database.")
    String signingKek;

    /** Whether a command may start a new embedded database where there is none. */
    enum Creation {
        /** {@code serve}, {@code migrate} and {@code businesses create}: the commands a new installation starts with. */
        ALLOWED,
        /** Every other data command: only with {@code --create} where it takes one, so that a run from the wrong folder finds nothing. */
        ONLY_WITH_FLAG
    }

    /**
     * The settings, after saying on stderr which database the command uses (one line), or that it creates one. A
     * missing embedded database is refused unless {@code creation} allows it or {@code create} was given.
     */
    public DatabaseSettings announcedSettings(Creation creation, boolean create) {
        var settings = settings();
        PrintWriter err = command.commandLine().getErr();
        if (settings.url().isEmpty() && !Files.exists(settings.embeddedFile())) {
            String where = settings.embeddedFile().toAbsolutePath().normalize().toString();
            if (creation == Creation.ONLY_WITH_FLAG && !create) {
                // a command that needs an existing business has no --create: a new database would hold none
                throw new CommandFailure("no database at " + where + ": give --data-dir (or GRANTOR_DATA_DIR) of the existing one"
                        + (command.findOption("--create") != null ? ", or --create to start a new one" : ""));
            }
            err.println("grantor: creating a new database at " + where);
        } else {
            err.println("grantor: using the database at " + settings.url().map(url -> settings.location())
                    .getOrElse(() -> settings.embeddedFile().toAbsolutePath().normalize().toString()));
        }
        err.flush();
        return settings;
    }

    public DatabaseSettings settings() {
        var settings = location();
        if (poolSize != null) {
            try {
                settings = settings.withPoolSize(poolSize);
            } catch (IllegalArgumentException outOfRange) {
                throw new ParameterException(command.commandLine(), "--db-pool-size: " + outOfRange.getMessage());
            }
        }
        if (signingKek == null || signingKek.isBlank()) {
            return settings;
        }
        try {
            return settings.withSigningKeySeal(PrivateKeySeal.wrappingWithBase64(signingKek));
        } catch (IllegalArgumentException refused) {
            throw new ParameterException(command.commandLine(), "--signing-kek " + refused.getMessage());
        }
    }

    private DatabaseSettings location() {
        if (url == null || url.isBlank()) {
            if (user != null || password != null) {
                throw new ParameterException(command.commandLine(), "--db-user and --db-password need --db-url");
            }
            return DatabaseSettings.embedded(dataDir);
        }
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
            throw new ParameterException(command.commandLine(),
                    "--db-url must be a JDBC URL: jdbc:postgresql://host:port/database (or jdbc:sqlite:FILE)");
        }
        if (USER_INFO.matcher(url.strip()).find()) {
            // the driver would take "user:password@host" for a host name and print it back in its error; never echo it
            throw new ParameterException(command.commandLine(), "--db-url must not hold a user or password before the host:"
                    + " give them as --db-user and --db-password (GRANTOR_DB_USER, GRANTOR_DB_PASSWORD)");
        }
        return DatabaseSettings.external(dataDir, url.strip(), user, password);
    }
}
