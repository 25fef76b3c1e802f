package dev.grantor.bootstrap;

import dev.grantor.adapter.mail.DeliveryMeters;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.SmtpMailer;
import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.web.WebPages;
import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import io.vavr.control.Option;
import dev.grantor.application.port.out.Mailer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Grantor node: the HTTP API (webhook management included) and, unless switched off, the outbox relay
 * and the webhook dispatcher, on one database. Any number of nodes may share one PostgreSQL database, each
 * relaying and dispatching: the outbox hands every message to one of them, and every webhook delivery is claimed
 * by one dispatcher at a time.
 *
 * <p>{@link #close()} is the graceful shutdown: stop accepting connections and let requests in flight finish,
 * then let the relay finish the batch it holds, then let the dispatcher settle the sends in flight, then close
 * the pool. In that order, so that nothing a request still needs is gone before it answers, the relay's last
 * events are recorded as deliveries, and both mark what they sent before the database goes away.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    /** Longer than any batch takes; a batch still running then is cut off, and its messages go out again later. */
    static final Duration RELAY_GRACE = Duration.ofSeconds(30);

    /** A send in flight is bounded by its timeouts; one cut off is sent again when its lease ends. */
    static final Duration DISPATCH_GRACE = Duration.ofSeconds(20);

    private final Deployment deployment;
    private final HttpWebhookSender sender;
    private final RestApi rest;
    private final PrometheusMeterRegistry registry;
    private final URI url;
    private final Object closing = new Object();
    private boolean closed;

    private Service(Deployment deployment, HttpWebhookSender sender, RestApi rest, PrometheusMeterRegistry registry, URI url) {
        this.deployment = deployment;
        this.sender = sender;
        this.rest = rest;
        this.registry = registry;
        this.url = url;
    }

    public static Service start(ServiceSettings settings) {
        InstantSource clock = settings.rest().clock();
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var counters = new DeliveryMeters(registry);
        var mail = settings.mail();
        Mailer mailer = mail.smtp().<Mailer>map(smtp -> new SmtpMailer(smtp, mail.sender(), clock, counters))
                .getOrElse(() -> new PickupDirectoryMailer(mail.pickupDirectory(settings.database().dataDir()), mail.sender(),
                        clock, counters));
        var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withKeepIdle(settings.webhookKeepIdle()));
        Deployment deployment;
        try {
            deployment = Deployment.open(settings.database(), mailer, counters, settings.relayPolicy(),
                    settings.dispatchPolicy(), clock, settings.relay() ? Option.some(sender) : Option.none(),
                    settings.apiKeyCacheTtl());
        } catch (RuntimeException e) {
            sender.close();
            throw e;
        }
        RestApi rest = null;
        try {
            PoolGauges.bind(registry, deployment.storage());
            var grantor = deployment.grantor();
            grantor.dispatcher().forEach(dispatcher -> RestApi.registerWebhookCounters(registry, dispatcher));
            // portal links name the public URL when one is set, never the Host the merchant's request happened to carry
            var useCases = RestApi.UseCases.of(grantor)
                    .withPortalSessions(new RestApi.PortalSessions(grantor.customerPortal(), settings.publicUrl()));
            rest = RestApi.start(useCases, settings.rest(), "/", registry, new Readiness(deployment::isReachable),
                    PagesBesideTheApi.of(WebPages.of(WebPages.UseCases.of(grantor),
                            new WebSettings(settings.publicUrl(), RestApi.ROUTE_ATTRIBUTE))));
            var url = localUrl(settings.rest().host(), rest.port());
            // only now is the port known; the dispatcher starts after this, so no send goes out without the guard
            sender.listeningAt(new InetSocketAddress(settings.rest().host(), rest.port()));
            if (settings.relay()) {
                deployment.grantor().start();
            }
            return new Service(deployment, sender, rest, registry, url);
        } catch (RuntimeException e) {
            if (rest != null) {
                rest.stop();
            }
            deployment.close();
            sender.close();
            registry.close();
            // "Address already in use" alone does not say which address: with GRANTOR_PORT in play, the operator may not know
            String where = Failures.cause(e, java.net.BindException.class)
                    .map(bind -> " on " + settings.rest().host() + ":" + settings.rest().port()).getOrElse("");
            throw new CommandFailure("cannot start the service" + where + ": " + Failures.oneLine(Failures.rootMessage(e)), e);
        }
    }

    /** Where clients reach it; a wildcard listen address is reached through loopback. */
    static URI localUrl(String host, int port) {
        return URI.create("http://" + hostForUrl(host) + ":" + port + "/");
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public URI url() {
        return url;
    }

    public int port() {
        return rest.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Graceful and idempotent: the shutdown hook and a test's try-with-resources may both call it. */
    @Override
    public void close() {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            rest.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the HTTP API failed: {}", Failures.oneLine(e.getMessage()));
        }
        try {
            if (!deployment.grantor().relay().stop(RELAY_GRACE)) {
                LOG.warn("the outbox relay did not finish its batch in {}; its messages will be sent again", RELAY_GRACE);
            }
            if (!deployment.grantor().dispatcher().map(d -> d.stop(DISPATCH_GRACE)).getOrElse(true)) {
                LOG.warn("webhook sends still in flight after {}; they will be sent again", DISPATCH_GRACE);
            }
        } finally {
            deployment.close();
            sender.close();
            registry.close();
            LOG.info("stopped");
        }
    }
}
