package dev.grantor.bootstrap;

import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.background.Retention;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.bootstrap.logging.ConsoleLog;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = "Runs the HTTP API, the outbox relay and the webhook dispatcher until stopped "
        + "(SIGTERM or Ctrl-C: stops accepting, finishes requests in flight, the relay's batch and the webhook sends in "
        + "flight, then closes the database).")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    MailOptions mail;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on; 0.0.0.0 for every interface (GRANTOR_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (GRANTOR_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public-url", paramLabel = "URL", description = "Where people open this service, such as "
            + "https://grantor.example.com: the base of the console's emailed sign-in links and of customer portal links "
            + "(GRANTOR_PUBLIC_URL), and the origin the console's and portal's forms must come from (set it behind a "
            + "TLS proxy). Without it, links name the loopback address and the port; never a request's Host header.")
    String publicUrl;

    @Option(names = "--no-relay", description = "Serve the API only; another node sends the outbox and the webhooks (GRANTOR_NO_RELAY=true).")
    boolean noRelay;

    @Option(names = "--relay-window", defaultValue = "50", paramLabel = "MILLIS",
            description = "How long the relay, woken by new mail or events, lets more gather before it claims them, and keeps "
                    + "what it sent to mark it in the same write as its next claim: fewer commits per email, each email at "
                    + "most this much later; 0 sends and marks every pass at once (GRANTOR_RELAY_WINDOW, 0..1000, "
                    + "default ${DEFAULT-VALUE}).")
    long relayWindowMillis;

    @Option(names = "--keep-sent-days", defaultValue = "30", paramLabel = "DAYS",
            description = "How long the relay keeps a sent email or event in the outbox, counted from its creation, before "
                    + "deleting it; pending and parked ones are never deleted; 0 keeps them all for good "
                    + "(GRANTOR_KEEP_SENT_DAYS, 0.." + Retention.MAX_KEEP_DAYS + ", default ${DEFAULT-VALUE}).")
    long keepSentDays;

    @Option(names = "--keep-webhook-deliveries-days", defaultValue = "30", paramLabel = "DAYS",
            description = "How long the webhook dispatcher keeps a delivered or failed delivery, counted from its creation, "
                    + "before deleting it; pending ones are never deleted; 0 keeps them all for good "
                    + "(GRANTOR_KEEP_WEBHOOK_DELIVERIES_DAYS, 0.." + Retention.MAX_KEEP_DAYS + ", default ${DEFAULT-VALUE}).")
    long keepWebhookDeliveriesDays;

    @Option(names = "--rate-limit", defaultValue = "50", paramLabel = "PER_SECOND",
            description = "Requests per second per API key, bursts of twice that (GRANTOR_RATE_LIMIT, default ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--license-rate-limit", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "Requests per second per client address on /licenses/*, bursts of twice that "
                    + "(GRANTOR_LICENSE_RATE_LIMIT, default ${DEFAULT-VALUE}).")
    double licenseRateLimit;

    @Option(names = "--license-failure-limit", defaultValue = "10", paramLabel = "PER_SECOND",
            description = "Failed license-key checks per second on this node, whatever the client address, bursts of a minute's worth; "
                    + "past it, keys that have not worked lately get 429 (GRANTOR_LICENSE_FAILURE_LIMIT, default ${DEFAULT-VALUE}).")
    double licenseFailureLimit;

    @Option(names = "--license-failure-limit-per-business", defaultValue = "5", paramLabel = "PER_SECOND",
            description = "Failed checks of one business's existing license keys per second (not valid, unknown instance, "
                    + "activation refused), bursts of a minute's worth; past it, that business's keys that have not worked "
                    + "lately get 429 (GRANTOR_LICENSE_FAILURE_LIMIT_PER_BUSINESS, default ${DEFAULT-VALUE}).")
    double licenseFailureLimitPerBusiness;

    @Option(names = "--trusted-proxies", paramLabel = "ADDRESSES",
            description = "The proxies in front of the service, as IP addresses and CIDR blocks separated by commas, such as "
                    + "10.0.0.0/8,127.0.0.1: from them the client's address, for the per-address limits, is the rightmost "
                    + "address in X-Forwarded-For that is not one of them; from anyone else the header is ignored "
                    + "(GRANTOR_TRUSTED_PROXIES, default none).")
    String trustedProxies;

    @Option(names = "--header-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Longest time a request's headers may take to arrive, however steadily they trickle in "
                    + "(GRANTOR_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
    double headerTimeout;

    @Option(names = "--api-key-cache-ttl", defaultValue = "1000", paramLabel = "MILLIS",
            description = "How long this node serves an authenticated API key from memory before reading it again: a key "
                    + "revoked through another node or the command line keeps working here for at most this long; "
                    + "0 reads the key on every request (GRANTOR_API_KEY_CACHE_TTL, 0..60000, default ${DEFAULT-VALUE}).")
    long apiKeyCacheTtlMillis;

    @Option(names = "--webhook-allow-private", description = "Let webhook endpoints point at loopback, private, link-local and "
            + "other non-public addresses, for on-premise receivers and tests; off by default, so that merchants cannot make "
            + "this service call into its own network (GRANTOR_WEBHOOK_ALLOW_PRIVATE=true).")
    boolean webhookAllowPrivate;

    @Option(names = "--webhook-keep-alive", defaultValue = "4000", paramLabel = "MILLIS",
            description = "How long a connection to a webhook receiver stays open after an answer read to its end, for the "
                    + "next delivery to the same host: no new TCP connection or TLS handshake per delivery; 0 opens one per "
                    + "delivery (GRANTOR_WEBHOOK_KEEP_ALIVE, 0..300000, default ${DEFAULT-VALUE}).")
    long webhookKeepAliveMillis;

    @Option(names = "--webhook-max-endpoints", defaultValue = "" + DispatchPolicy.DEFAULT_MAX_ENDPOINTS, paramLabel = "COUNT",
            description = "Webhook endpoints one business may register (GRANTOR_WEBHOOK_MAX_ENDPOINTS, default ${DEFAULT-VALUE}).")
    int webhookMaxEndpoints;

    @Override
    public Integer call() throws InterruptedException {
        var settings = settings();
        var stopped = new CountDownLatch(1);
        var service = Service.start(settings);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("grantor-shutdown").unstarted(() -> {
            LOG.info("stopping: finishing requests in flight, the relay's batch and the webhook sends");
            try {
                service.close();
            } finally {
                // the last step: the JVM halts when the hooks return, and lines still queued would go with it
                ConsoleLog.close();
                stopped.countDown();
            }
        }));
        // from here on nothing writes to stderr but the log, whose order batching keeps; and the hook above closes it
        ConsoleLog.startBatching();
        LOG.info("Grantor listening on {} ({}, mail {}{})", service.url(), settings.database().location(),
                settings.mail().smtp().map(Object::toString).getOrElse(() ->
                        "to " + settings.mail().pickupDirectory(settings.database().dataDir()).toAbsolutePath()),
                settings.relay() ? "" : ", relay and webhook dispatch off");
        LOG.info(settings.database().signingKeySeal().wraps()
                ? "signing keys: private halves wrapped with AES-256-GCM under GRANTOR_SIGNING_KEK"
                : "signing keys: private halves stored unwrapped in the database; set GRANTOR_SIGNING_KEK to wrap new ones");
        ConsoleCommand.firstLink(service, settings).forEach(line -> {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        });
        stopped.await();
        return 0;
    }

    ServiceSettings settings() {
        requireAddress(spec, host, port);
        if (!(rateLimit > 0) || !(licenseRateLimit > 0) || Double.isInfinite(rateLimit) || Double.isInfinite(licenseRateLimit)) {
            throw new ParameterException(spec.commandLine(), "--rate-limit and --license-rate-limit must be positive");
        }
        requirePositive(licenseFailureLimit, "--license-failure-limit");
        requirePositive(licenseFailureLimitPerBusiness, "--license-failure-limit-per-business");
        if (!(headerTimeout >= 0.1) || headerTimeout > 3_600) {
            throw new ParameterException(spec.commandLine(), "--header-timeout must be in 0.1..3600 seconds");
        }
        var rest = RestSettings.defaults().withHost(host.strip()).withPort(port)
                .withRateLimits(limit(rateLimit), limit(licenseRateLimit))
                .withLicenseFailureBudget(aMinuteOfBursts(licenseFailureLimit))
                .withLicenseFailureBudgetPerBusiness(aMinuteOfBursts(licenseFailureLimitPerBusiness))
                .withHeaderReadDeadline(Duration.ofMillis((long) (headerTimeout * 1000)))
                .withTrustedProxies(proxies());
        if (webhookMaxEndpoints < 1) {
            throw new ParameterException(spec.commandLine(), "--webhook-max-endpoints must be at least 1");
        }
        var dispatch = DispatchPolicy.defaults().withPrivateTargetsAllowed(webhookAllowPrivate)
                .withMaxEndpointsPerBusiness(webhookMaxEndpoints)
                .withKeepFinished(kept("--keep-webhook-deliveries-days", keepWebhookDeliveriesDays, "finished deliveries"));
        if (relayWindowMillis < 0 || relayWindowMillis > RelayPolicy.MAX_WINDOW.toMillis()) {
            throw new ParameterException(spec.commandLine(), "--relay-window must be in 0.." + RelayPolicy.MAX_WINDOW.toMillis()
                    + " milliseconds");
        }
        if (apiKeyCacheTtlMillis < 0 || apiKeyCacheTtlMillis > Grantor.MAX_API_KEY_CACHE_TTL.toMillis()) {
            throw new ParameterException(spec.commandLine(), "--api-key-cache-ttl must be in 0.."
                    + Grantor.MAX_API_KEY_CACHE_TTL.toMillis() + " milliseconds");
        }
        if (webhookKeepAliveMillis < 0 || webhookKeepAliveMillis > WebhookSenderSettings.MAX_KEEP_IDLE.toMillis()) {
            throw new ParameterException(spec.commandLine(), "--webhook-keep-alive must be in 0.."
                    + WebhookSenderSettings.MAX_KEEP_IDLE.toMillis() + " milliseconds");
        }
        var keepSent = kept("--keep-sent-days", keepSentDays, "sent messages");
        var mailSettings = mail.settings();
        var link = publicUrl(spec, publicUrl);
        // the database last: it announces "creating a new database", which a refused option must not be preceded by
        var service = new ServiceSettings(rest, database.announcedSettings(DatabaseOptions.Creation.ALLOWED, false), mailSettings,
                !noRelay, RelayPolicy.defaults().withWindow(Duration.ofMillis(relayWindowMillis))
                        .withKeepSent(keepSent), dispatch)
                .withApiKeyCacheTtl(Duration.ofMillis(apiKeyCacheTtlMillis))
                .withWebhookKeepIdle(Duration.ofMillis(webhookKeepAliveMillis));
        return link.map(service::withPublicUrl).getOrElse(service);
    }

    /** The rules of --host and --port, for serve and for the commands that name the service serve would run. */
    static void requireAddress(CommandSpec spec, String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be in 0..65535");
        }
        if (host == null || host.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--host must not be blank");
        }
    }

    /** --public-url for serve and for the commands that print links to the service; the rule is the REST adapter's. */
    static io.vavr.control.Option<java.net.URI> publicUrl(CommandSpec spec, String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return io.vavr.control.Option.none();
        }
        try {
            return io.vavr.control.Option.some(RestApi.PortalSessions.publicUrl(publicUrl));
        } catch (IllegalArgumentException refused) {
            throw new ParameterException(spec.commandLine(), "--public-url " + refused.getMessage());
        }
    }

    private TrustedProxies proxies() {
        try {
            return TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException malformed) {
            throw new ParameterException(spec.commandLine(), "--trusted-proxies: " + malformed.getMessage());
        }
    }

    /** The keeping time an option gives, in the engine's terms; its bounds are {@link Retention#keepingDays}'s. */
    private io.vavr.control.Option<Duration> kept(String option, long days, String rows) {
        try {
            return Retention.keepingDays(days);
        } catch (IllegalArgumentException outOfBounds) {
            throw new ParameterException(spec.commandLine(), option + " must be in 0.." + Retention.MAX_KEEP_DAYS
                    + " (0 keeps " + rows + " for good)");
        }
    }

    private void requirePositive(double perSecond, String option) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new ParameterException(spec.commandLine(), option + " must be positive");
        }
    }

    private static RateLimit aMinuteOfBursts(double perSecond) {
        return RateLimit.perSecond(perSecond, RateLimit.FAILURE_BURST);
    }

    private static RateLimit limit(double perSecond) {
        return RateLimit.perSecond(perSecond, RateLimit.REQUEST_BURST);
    }
}
