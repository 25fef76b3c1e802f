package dev.grantor.spring;

import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Grantor inside a Spring Boot application, under {@code grantor.*}. The database is the application's own
 * {@code DataSource}; everything here has a default that suits an application embedding the engine.
 */
@ConfigurationProperties("grantor")
public class GrantorProperties {

    /** Whether Grantor is configured at all; false leaves no Grantor bean in the context. */
    private boolean enabled = true;

    /**
     * How long an authenticated API key is served from memory before it is read again: a key revoked through another
     * node or the command line keeps working here for at most this long. 0 reads it on every request; at most 1m; 1s by default.
     */
    private Duration apiKeyCacheTtl = Grantor.DEFAULT_API_KEY_CACHE_TTL;

    private final Database database = new Database();
    private final Mail mail = new Mail();
    private final Relay relay = new Relay();
    private final Webhooks webhooks = new Webhooks();
    private final Web web = new Web();
    private final Health health = new Health();

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

        /** Sender of delivery emails, as an address or "Name <address>"; set it in every real deployment. */
        private String from = "Grantor <no-reply@localhost>";

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
         * IP addresses and CIDR blocks of the proxies in front of the API: from them the client's address, for the
         * per-address limits, is the rightmost address in X-Forwarded-For that is not one of them; from anyone else the
         * header is ignored. Empty by default.
         */
        private List<String> trustedProxies = new ArrayList<>();

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

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
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
