package dev.grantor.spring;

import dev.grantor.application.Grantor;
import dev.grantor.application.webhook.WebhookDispatcher;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * The background work of Grantor in the application's lifecycle: the outbox relay and the webhook dispatcher
 * start once the context is refreshed and stop, letting the batch in hand finish, before its beans (the
 * {@code DataSource} among them) are destroyed. Each can be switched off for nodes that only serve.
 */
final class GrantorWorkers implements SmartLifecycle {

    private static final Duration RELAY_GRACE = Duration.ofSeconds(30);
    private static final Duration DISPATCH_GRACE = Duration.ofSeconds(20);

    private final Grantor grantor;
    private final boolean relay;
    private final boolean dispatch;
    private volatile boolean running;

    GrantorWorkers(Grantor grantor, boolean relay, boolean dispatch) {
        this.grantor = grantor;
        this.relay = relay;
        this.dispatch = dispatch;
    }

    @Override
    public void start() {
        if (dispatch) {
            grantor.dispatcher().forEach(WebhookDispatcher::start);
        }
        if (relay) {
            grantor.relay().start();
        }
        running = true;
    }

    @Override
    public void stop() {
        try {
            grantor.relay().stop(RELAY_GRACE);
        } finally {
            grantor.dispatcher().forEach(dispatcher -> dispatcher.stop(DISPATCH_GRACE));
            running = false;
        }
    }

    /**
     * Late among the stops: after the application's web server and Grantor's own API stopped taking requests, whose
     * units may still append messages the relay should send.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
