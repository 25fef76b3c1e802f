package dev.grantor.bootstrap;

import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.webhook.DispatchPolicy;
import io.vavr.control.Option;
import java.net.URI;
import java.time.Duration;

/**
 * Everything {@code grantor serve} needs: the HTTP side, the database, mail, whether this node relays, and how it
 * relays the outbox and dispatches webhooks. {@code relay} covers both background senders: a node that does not
 * relay the outbox does not dispatch webhooks either, so one switch makes a node an API-only node.
 * {@code apiKeyCacheTtl} is how long an authenticated API key is served from memory: the longest a key revoked by
 * another node or the command line keeps working on this one.
 */
public record ServiceSettings(RestSettings rest, DatabaseSettings database, MailSettings mail, boolean relay,
                              RelayPolicy relayPolicy, DispatchPolicy dispatchPolicy, Option<URI> publicUrl,
                              Duration apiKeyCacheTtl, Duration webhookKeepIdle) {

    public ServiceSettings {
        if (rest == null || database == null || mail == null || relayPolicy == null || dispatchPolicy == null
                || publicUrl == null || apiKeyCacheTtl == null || webhookKeepIdle == null) {
            throw new IllegalArgumentException("service settings need REST, database, mail, relay, dispatch, API key and webhook"
                    + " connection settings");
        }
    }

    /** Without a public URL: links name the loopback address and the bound port. */
    public ServiceSettings(RestSettings rest, DatabaseSettings database, MailSettings mail, boolean relay,
                           RelayPolicy relayPolicy, DispatchPolicy dispatchPolicy) {
        this(rest, database, mail, relay, relayPolicy, dispatchPolicy, Option.none(), Grantor.DEFAULT_API_KEY_CACHE_TTL,
                WebhookSenderSettings.DEFAULT_KEEP_IDLE);
    }

    /** Where people open the console (the base of emailed sign-in links), such as https://grantor.example.com. */
    public ServiceSettings withPublicUrl(URI url) {
        return new ServiceSettings(rest, database, mail, relay, relayPolicy, dispatchPolicy, Option.some(url), apiKeyCacheTtl,
                webhookKeepIdle);
    }

    /** 0 reads the API key from the database on every request; the engine's builder takes up to a minute. */
    public ServiceSettings withApiKeyCacheTtl(Duration timeToLive) {
        return new ServiceSettings(rest, database, mail, relay, relayPolicy, dispatchPolicy, publicUrl, timeToLive,
                webhookKeepIdle);
    }

    /** How long a connection to a webhook endpoint stays open for the next delivery; 0 opens one per delivery. */
    public ServiceSettings withWebhookKeepIdle(Duration keep) {
        return new ServiceSettings(rest, database, mail, relay, relayPolicy, dispatchPolicy, publicUrl, apiKeyCacheTtl, keep);
    }

    /** With the default webhook dispatch policy. */
    public ServiceSettings(RestSettings rest, DatabaseSettings database, MailSettings mail, boolean relay,
                           RelayPolicy relayPolicy) {
        this(rest, database, mail, relay, relayPolicy, DispatchPolicy.defaults());
    }

    /** Loopback on a free port, the given database, the pickup directory, relaying: how tests start a node. */
    public static ServiceSettings local(DatabaseSettings database, MailSettings mail) {
        return new ServiceSettings(RestSettings.defaults().withPort(0), database, mail, true, RelayPolicy.defaults());
    }

    public ServiceSettings withRelayPolicy(RelayPolicy policy) {
        return new ServiceSettings(rest, database, mail, relay, policy, dispatchPolicy, publicUrl, apiKeyCacheTtl, webhookKeepIdle);
    }

    public ServiceSettings withDispatchPolicy(DispatchPolicy policy) {
        return new ServiceSettings(rest, database, mail, relay, relayPolicy, policy, publicUrl, apiKeyCacheTtl, webhookKeepIdle);
    }

    public ServiceSettings withoutRelay() {
        return new ServiceSettings(rest, database, mail, false, relayPolicy, dispatchPolicy, publicUrl, apiKeyCacheTtl, webhookKeepIdle);
    }
}
