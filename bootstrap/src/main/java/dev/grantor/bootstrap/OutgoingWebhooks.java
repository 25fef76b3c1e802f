package dev.grantor.bootstrap;

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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The webhook side of a node, on the node's database: the fan-out that turns each relayed event into one
 * delivery per endpoint, the management use cases behind {@code /webhooks}, and, once the node knows the
 * address it listens on (the sender refuses endpoints that point back at it), the dispatcher that sends.
 *
 * <p>The fan-out and the use cases exist before the dispatcher does, because the engine and the HTTP API are
 * built first; their "new deliveries" signal reaches the dispatcher only while it runs, and is harmless before.
 */
final class OutgoingWebhooks implements AutoCloseable {

    private final JdbcStorage storage;
    private final InstantSource clock;
    private final DispatchPolicy policy;
    private final WebhookFanOut fanOut;
    private final WebhookService useCases;
    private final Object lifecycle = new Object();
    private volatile WebhookDispatcher dispatcher;
    private HttpWebhookSender sender;
    private boolean stopped;

    OutgoingWebhooks(JdbcStorage storage, InstantSource clock, DispatchPolicy policy) {
        this.storage = storage;
        this.clock = clock;
        this.policy = policy;
        this.fanOut = new WebhookFanOut(storage.transactions(), storage.webhookEndpoints(), storage.webhookDeliveries(), clock,
                this::nudge);
        this.useCases = new WebhookService(storage.transactions(), storage.webhookEndpoints(), storage.webhookDeliveries(), clock,
                new SecureIdGenerator(clock), this::nudge);
    }

    /** The engine's event sink: records deliveries, sends nothing itself. */
    EventSink fanOut() {
        return fanOut;
    }

    Webhooks useCases() {
        return useCases;
    }

    /** Starts sending in the background; {@code ownAddress} is where this node's API listens. Twice does nothing. */
    void startDispatching(InetSocketAddress ownAddress) {
        synchronized (lifecycle) {
            if (dispatcher != null || stopped) {
                return;
            }
            sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withOwnAddress(ownAddress));
            var started = new WebhookDispatcher(storage.webhookEndpoints(), storage.webhookDeliveries(), sender, clock, policy);
            started.start();
            dispatcher = started;
        }
    }

    boolean isDispatching() {
        var current = dispatcher;
        return current != null && current.isRunning();
    }

    /** Deliveries this node's dispatcher got a 2xx for; 0 when it does not dispatch. */
    int deliveredCount() {
        var current = dispatcher;
        return current == null ? 0 : current.deliveredCount();
    }

    private void nudge() {
        var current = dispatcher;
        if (current != null) {
            current.nudge();
        }
    }

    /**
     * Stops claiming and waits at most {@code grace} for sends in flight; a send cut off is sent again when its
     * lease ends. True when everything settled in time, or nothing was dispatching.
     */
    boolean stop(Duration grace) {
        synchronized (lifecycle) {
            if (dispatcher == null || stopped) {
                return true;
            }
            stopped = true;
            try {
                return dispatcher.stop(grace);
            } finally {
                sender.close();
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
