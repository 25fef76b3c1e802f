package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.port.out.WebhookSender;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The engine on its database: storage opened (and migrated) and the facade built on it, webhooks included. What
 * every command needs; {@link Service} adds HTTP, mail and a webhook sender on top, and starts the relay and the
 * dispatcher. Closing it stops the relay, then the dispatcher, then closes the pool.
 */
public final class Deployment implements AutoCloseable {

    /** Data commands never run the relay, so nothing is ever handed to this mailer. */
    private static final Mailer NO_MAIL = emails -> emails.map(email -> new SendOutcome.TemporaryFailure(
            "this command does not send mail"));

    private final DatabaseSettings settings;
    private final JdbcStorage storage;
    private final Grantor grantor;

    private Deployment(DatabaseSettings settings, JdbcStorage storage, Grantor grantor) {
        this.settings = settings;
        this.storage = storage;
        this.grantor = grantor;
    }

    /** For commands that read and write records but send nothing. */
    public static Deployment open(DatabaseSettings settings) {
        return open(settings, NO_MAIL, DeliveryMetrics.NONE, RelayPolicy.defaults(), DispatchPolicy.defaults(),
                InstantSource.system(), Option.none(), Grantor.DEFAULT_API_KEY_CACHE_TTL);
    }

    /**
     * {@code sender} none: deliveries are recorded for a node that has one to send. {@code apiKeyCacheTtl}: how long
     * an authenticated API key is served without reading it again.
     */
    public static Deployment open(DatabaseSettings settings, Mailer mailer, DeliveryMetrics metrics, RelayPolicy relayPolicy,
                                  DispatchPolicy dispatchPolicy, InstantSource clock, Option<WebhookSender> sender,
                                  Duration apiKeyCacheTtl) {
        JdbcStorage storage = openStorage(settings);
        try {
            var grantor = Grantor.builder().storage(storage).mailer(mailer).eventSink(new LoggedEvents())
                    .webhookSender(sender.getOrNull()).dispatchPolicy(dispatchPolicy).apiKeyCacheTtl(apiKeyCacheTtl)
                    .metrics(metrics).relayPolicy(relayPolicy).clock(clock).signingKeySeal(settings.signingKeySeal()).build();
            return new Deployment(settings, storage, grantor);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private static JdbcStorage openStorage(DatabaseSettings settings) {
        StorageSettings storage;
        if (settings.url().isEmpty()) {
            if (Files.exists(settings.dataDir()) && !Files.isDirectory(settings.dataDir())) {
                throw new CommandFailure("the data directory " + settings.dataDir() + " is a file, not a directory");
            }
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException | RuntimeException e) {
                throw new CommandFailure("cannot create the data directory " + settings.dataDir() + ": " + Failures.rootMessage(e), e);
            }
            storage = StorageSettings.sqlite(settings.dataDir()).withPoolSize(settings.poolSize());
        } else {
            storage = StorageSettings.postgresql(settings.url().get(), settings.user().getOrNull(), settings.password().getOrNull())
                    .withPoolSize(settings.poolSize());
        }
        try {
            return JdbcStorage.open(storage);
        } catch (RuntimeException e) {
            var unknownHost = Failures.cause(e, UnknownHostException.class);
            if (unknownHost.isDefined()) {
                throw new CommandFailure("cannot open the database " + settings.location() + ": unknown database host "
                        + Failures.oneLine(unknownHost.get().getMessage()), e);
            }
            throw new CommandFailure("cannot open the database " + settings.location() + ": "
                    + Failures.oneLine(Failures.rootMessage(e)), e);
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public Grantor grantor() {
        return grantor;
    }

    public JdbcStorage storage() {
        return storage;
    }

    /** Does the database answer right now: what {@code GET /ready} reports. */
    public boolean isReachable() {
        return storage.isReachable();
    }

    @Override
    public void close() {
        try {
            grantor.close();
        } finally {
            storage.close();
        }
    }
}
