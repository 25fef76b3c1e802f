package dev.grantor.spring;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.signing.PrivateKeySeal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Grantor inside a Spring Boot application, under {@code grantor.*}. The database is the application's own
 * {@code DataSource}; everything here has a default that suits an application embedding the engine.
 *
 * <p>Spring validates the bound values with this class itself ({@link Validator}), so a bad value stops the
 * start-up with the property's name, its value and where it was set, rather than as a bean that failed later
 * with the engine's words for it. Each rule stays with the part that holds it (the sender's parse, the REST
 * settings, the webhook sender's settings, the builder); this only asks them and names the property.
 */
@ConfigurationProperties("grantor")
public class GrantorProperties implements Validator {

    /** Whether Grantor is configured at all; false leaves no Grantor bean in the context. */
    private boolean enabled = true;

    /**
     * How long an authenticated API key is served from memory before it is read again: a key revoked through another
     * node or the command line keeps working here for at most this long. 0 reads it on every request; at most 1m; 1s by default.
     */
    private Duration apiKeyCacheTtl = Grantor.DEFAULT_API_KEY_CACHE_TTL;

    /**
     * The key-encryption key that wraps the private halves of signing keys (AES-256-GCM): 32 random bytes in base64,
     * such as {@code openssl rand -base64 32} prints. Unset, the environment's GRANTOR_SIGNING_KEK (the name
     * {@code grantor serve} reads) is used; without either, new signing keys are stored unwrapped.
     */
    private String signingKek;

    private final Database database = new Database();
    private final Mail mail = new Mail();
    private final Relay relay = new Relay();
    private final Webhooks webhooks = new Webhooks();
    private final Web web = new Web();
    private final Health health = new Health();

    @Override
    public boolean supports(Class<?> type) {
        return GrantorProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        var properties = (GrantorProperties) target;
        check(errors, "apiKeyCacheTtl", () -> Grantor.builder().apiKeyCacheTtl(properties.apiKeyCacheTtl));
        if (properties.signingKek != null) {
            check(errors, "signingKek", () -> PrivateKeySeal.wrappingWithBase64(properties.signingKek));
        }
        var from = properties.mail.from;
        if (from != null) {
            Sender.parse(from).peekLeft(problem -> errors.rejectValue("mail.from", "grantor.mail.from", problem));
        }
        if (properties.mail.pickupDirectory == null) {
            errors.rejectValue("mail.pickupDirectory", "grantor.mail.pickup-directory", "must name a directory");
        }
        check(errors, "webhooks.keepAlive", () -> WebhookSenderSettings.defaults().withKeepIdle(properties.webhooks.keepAlive));
        var web = properties.web;
        if (web.path == null || !web.path.startsWith("/")) {
            errors.rejectValue("web.path", "grantor.web.path", "must start with /, such as /grantor");
        }
        check(errors, "web.host", () -> RestSettings.defaults().withHost(web.host));
        check(errors, "web.port", "must be 0 (a free port) to 65535", () -> RestSettings.defaults().withPort(web.port));
        check(errors, "web.rateLimit", "must be at least 1 request a second",
                () -> RateLimit.perSecond(web.rateLimit, RateLimit.REQUEST_BURST));
        check(errors, "web.licenseRateLimit", "must be at least 1 request a second",
                () -> RateLimit.perSecond(web.licenseRateLimit, RateLimit.REQUEST_BURST));
        check(errors, "web.licenseFailureLimit", "must be at least 1 failed check a second",
                () -> RateLimit.perSecond(web.licenseFailureLimit, RateLimit.FAILURE_BURST));
        check(errors, "web.licenseFailureLimitPerBusiness", "must be at least 1 failed check a second",
                () -> RateLimit.perSecond(web.licenseFailureLimitPerBusiness, RateLimit.FAILURE_BURST));
        check(errors, "web.headerTimeout", "must be longer than 0, such as 10s",
                () -> RestSettings.defaults().withHeaderReadDeadline(web.headerTimeout));
        if (web.publicUrl != null) {
            check(errors, "web.publicUrl", () -> RestApi.PortalSessions.publicUrl(web.publicUrl));
        }
        check(errors, "web.trustedProxies", () -> TrustedProxies.of(web.trustedProxies == null ? List.of() : web.trustedProxies));
        var ageLimit = properties.health.outboxAgeLimit;
        if (ageLimit == null || !ageLimit.isPositive()) {
            // zero or less would report DOWN with an empty outbox, every probe
            errors.rejectValue("health.outboxAgeLimit", "grantor.health.outbox-age-limit", "must be longer than 0, such as 15m");
        }
    }

    /** Rejects the property when the part holding its rule refuses the value, with that part's words. */
    private static void check(Errors errors, String field, Runnable holder) {
        check(errors, field, null, holder);
    }

    private static void check(Errors errors, String field, String message, Runnable holder) {
        try {
            holder.run();
        } catch (IllegalArgumentException refused) {
            errors.rejectValue(field, "grantor." + field, message == null ? refused.getMessage() : message);
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getApiKeyCacheTtl() {
        return apiKeyCacheTtl;
    }

    public void setApiKeyCacheTtl(Duration apiKeyCacheTtl) {
        this.apiKeyCacheTtl = apiKeyCacheTtl;
    }

    public String getSigningKek() {
        return signingKek;
    }

    public void setSigningKek(String signingKek) {
        this.signingKek = signingKek;
    }

    public Database getDatabase() {
        return database;
    }

    public Mail getMail() {
        return mail;
    }

    public Relay getRelay() {
        return relay;
    }

    public Webhooks getWebhooks() {
        return webhooks;
    }

    public Web getWeb() {
        return web;
    }

    public Health getHealth() {
        return health;
    }

    public static class Database {

        /** Apply Grantor's migrations at start-up; their history lives in grantor_schema_history. */
        private boolean migrate = true;

        public boolean isMigrate() {
            return migrate;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }
    }

    public static class Mail {

        /**
         * Sender of delivery emails, as an address or "Name <address>". Required when they go through the application's
         * JavaMailSender (the start-up stops without it); emails written to the pickup directory without it come from
         * "Grantor <no-reply@localhost>".
         */
        private String from;

        /** Where delivery emails are written as .eml files when the application has no JavaMailSender. */
        private Path pickupDirectory = Path.of("grantor-data", "mail");

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public Path getPickupDirectory() {
            return pickupDirectory;
        }

        public void setPickupDirectory(Path pickupDirectory) {
            this.pickupDirectory = pickupDirectory;
        }
    }

    public static class Relay {

        /** Run the outbox relay (delivery emails and events) in this application; off when other nodes send. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public static class Webhooks {

        /** Run the webhook dispatcher (outgoing webhook deliveries) in this application. */
        private boolean enabled = true;

        /**
         * How long a connection to a webhook receiver stays open after an answer read to its end, for the next delivery
         * to the same host; 0 opens one per delivery; at most 5m; 4s by default.
         */
        private Duration keepAlive = WebhookSenderSettings.DEFAULT_KEEP_IDLE;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getKeepAlive() {
            return keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    public static class Web {

        /** Serve Grantor's REST API (the Dodo Payments compatible surface) on a port of its own. */
        private boolean enabled = false;

        /** Path every route of the API is served under, such as /grantor/entitlements. */
        private String path = "/grantor";

        /** Address the API listens on. */
        private String host = "127.0.0.1";

        /** Port the API listens on; 0 picks a free one. */
        private int port = 8081;

        /** Requests per second per API key on merchant endpoints (bursts of twice that). */
        private int rateLimit = 50;

        /** Requests per second per client address on /licenses/*, where keys could be guessed. */
        private int licenseRateLimit = 10;

        /**
         * Failed license-key checks per second through this API, from every client address together, in bursts of a
         * minute's worth; past it, keys that have not worked lately are answered 429.
         */
        private int licenseFailureLimit = 10;

        /**
         * Failed checks of one business's existing license keys per second (not valid, unknown instance, activation
         * refused), in bursts of a minute's worth; past it, that business's keys that have not worked lately are answered 429.
         */
        private int licenseFailureLimitPerBusiness = 5;

        /** Longest time a request's headers may take to arrive, however steadily they trickle in; 10s by default. */
        private Duration headerTimeout = RestSettings.DEFAULT_HEADER_READ_DEADLINE;

        /**
         * IP addresses and CIDR blocks of the proxies in front of the API: from them the client's address, for the
         * per-address limits, is the rightmost address in X-Forwarded-For that is not one of them; from anyone else the
         * header is ignored. Empty by default.
         */
        private List<String> trustedProxies = new ArrayList<>();

        /**
         * The public address of a Grantor service that serves the customer portal on this database (a grantor serve
         * node with the same URL as its --public-url): the links POST /customers/{id}/customer-portal/session answers
         * open its /portal. Unset, that route answers 404, since this application serves no portal pages.
         */
        private String publicUrl;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public int getRateLimit() {
            return rateLimit;
        }

        public void setRateLimit(int rateLimit) {
            this.rateLimit = rateLimit;
        }

        public int getLicenseRateLimit() {
            return licenseRateLimit;
        }

        public void setLicenseRateLimit(int licenseRateLimit) {
            this.licenseRateLimit = licenseRateLimit;
        }

        public int getLicenseFailureLimit() {
            return licenseFailureLimit;
        }

        public void setLicenseFailureLimit(int licenseFailureLimit) {
            this.licenseFailureLimit = licenseFailureLimit;
        }

        public int getLicenseFailureLimitPerBusiness() {
            return licenseFailureLimitPerBusiness;
        }

        public void setLicenseFailureLimitPerBusiness(int licenseFailureLimitPerBusiness) {
            this.licenseFailureLimitPerBusiness = licenseFailureLimitPerBusiness;
        }

        public Duration getHeaderTimeout() {
            return headerTimeout;
        }

        public void setHeaderTimeout(Duration headerTimeout) {
            this.headerTimeout = headerTimeout;
        }

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public String getPublicUrl() {
            return publicUrl;
        }

        public void setPublicUrl(String publicUrl) {
            this.publicUrl = publicUrl;
        }
    }

    public static class Health {

        /** The health indicator reports DOWN when the oldest due outbox message has waited longer than this. */
        private Duration outboxAgeLimit = Duration.ofMinutes(15);

        public Duration getOutboxAgeLimit() {
            return outboxAgeLimit;
        }

        public void setOutboxAgeLimit(Duration outboxAgeLimit) {
            this.outboxAgeLimit = outboxAgeLimit;
        }
    }
}
