package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.webhook.DispatchPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;

/**
 * The engine on its database: storage opened (and migrated), the facade built on it, its events fanned out to
 * webhook deliveries. What every command needs; {@link Service} adds HTTP, mail, the relay and the webhook
 * dispatcher on top. Closing it stops the relay, then the dispatcher, then closes the pool.
 */
public final class Deployment implements AutoCloseable {

    /** Data commands never run the relay, so nothing is ever handed to this mailer. */
    private static final Mailer NO_MAIL = emails -> emails.map(email -> new SendOutcome.TemporaryFailure(
            "this command does not send mail"));

    private final DatabaseSettings settings;
    private final JdbcStorage storage;
    private final Grantor grantor;
    private final OutgoingWebhooks webhooks;

    private Deployment(DatabaseSettings settings, JdbcStorage storage, Grantor grantor, OutgoingWebhooks webhooks) {
        this.settings = settings;
        this.storage = storage;
        this.grantor = grantor;
        this.webhooks = webhooks;
    }

    /** For commands that read and write records but send nothing. */
    public static Deployment open(DatabaseSettings settings) {
        return open(settings, NO_MAIL, DeliveryMetrics.NONE, RelayPolicy.defaults(), DispatchPolicy.defaults(),
                InstantSource.system());
    }

    public static Deployment open(DatabaseSettings settings, Mailer mailer, DeliveryMetrics metrics, RelayPolicy relayPolicy,
                                  DispatchPolicy dispatchPolicy, InstantSource clock) {
        JdbcStorage storage = openStorage(settings);
        try {
            var webhooks = new OutgoingWebhooks(storage, clock, dispatchPolicy);
            var grantor = Grantor.builder().storage(storage).mailer(mailer).eventSink(new LoggedEvents(webhooks.fanOut()))
                    .metrics(metrics).relayPolicy(relayPolicy).clock(clock).signingKeySeal(settings.signingKeySeal()).build();
            return new Deployment(settings, storage, grantor, webhooks);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private static JdbcStorage openStorage(DatabaseSettings settings) {
        StorageSettings storage;
        if (settings.url().isEmpty()) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException | RuntimeException e) {
                throw new CommandFailure("cannot create the data directory " + settings.dataDir() + ": " + Failures.rootMessage(e), e);
            }
            storage = StorageSettings.sqlite(settings.dataDir());
        } else {
            storage = StorageSettings.postgresql(settings.url().get(), settings.user().getOrNull(), settings.password().getOrNull());
        }
        try {
            return JdbcStorage.open(storage);
        } catch (RuntimeException e) {
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

    OutgoingWebhooks webhooks() {
        return webhooks;
    }

    /** Does the database answer right now: what {@code GET /ready} reports. */
    public boolean isReachable() {
        return storage.isReachable();
    }

    @Override
    public void close() {
        try {
            grantor.close();
            webhooks.close();
        } finally {
            storage.close();
        }
    }
}
