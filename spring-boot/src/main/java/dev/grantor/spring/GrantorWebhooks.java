package dev.grantor.spring;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.application.webhook.WebhookFanOut;
import dev.grantor.application.webhook.WebhookService;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Outgoing webhooks on the application's database: the fan-out that is the engine's default event sink, the
 * management use cases, and the dispatcher, which runs only between {@link #startDispatching()} and
 * {@link #stop(Duration)} (the context's lifecycle, when {@code grantor.webhooks.enabled}).
 */
public final class GrantorWebhooks {

    private final JdbcStorage storage;
    private final InstantSource clock;
    private final WebhookFanOut fanOut;
    private final WebhookService useCases;
    private final Object lifecycle = new Object();
    private volatile WebhookDispatcher dispatcher;
    private HttpWebhookSender sender;

    GrantorWebhooks(JdbcStorage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.fanOut = new WebhookFanOut(storage.transactions(), storage.webhookEndpoints(), storage.webhookDeliveries(), clock,
                this::nudge);
        this.useCases = new WebhookService(storage.transactions(), storage.webhookEndpoints(), storage.webhookDeliveries(), clock,
                new SecureIdGenerator(clock), this::nudge);
    }

    /** The engine's default event sink: each event becomes one delivery per subscribed endpoint. */
    public EventSink fanOut() {
        return fanOut;
    }

    /** Register, list, update and delete endpoints; read secrets and deliveries; retry a failed delivery. */
    public Webhooks useCases() {
        return useCases;
    }

    void startDispatching() {
        synchronized (lifecycle) {
            if (dispatcher != null) {
                return;
            }
            sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
            var started = new WebhookDispatcher(storage.webhookEndpoints(), storage.webhookDeliveries(), sender, clock,
                    DispatchPolicy.defaults());
            started.start();
            dispatcher = started;
        }
    }

    boolean isDispatching() {
        var current = dispatcher;
        return current != null && current.isRunning();
    }

    private void nudge() {
        var current = dispatcher;
        if (current != null) {
            current.nudge();
        }
    }

    boolean stop(Duration grace) {
        synchronized (lifecycle) {
            if (dispatcher == null) {
                return true;
            }
            try {
                return dispatcher.stop(grace);
            } finally {
                sender.close();
                dispatcher = null;
            }
        }
    }
}
