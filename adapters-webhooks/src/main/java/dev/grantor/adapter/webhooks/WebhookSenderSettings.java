package dev.grantor.adapter.webhooks;

import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * @param ownAddress where this service listens, when it does: an endpoint that resolves to this machine at
 *                   this port is refused, so a merchant cannot make Grantor call its own API
 * @param userAgent  the {@code User-Agent} of every request
 * @param resolver   how a host name becomes addresses: the system's resolver, or a test's
 * @param tls        the trust store and protocols for {@code https}: the JDK's defaults, or a test's
 * @param keepIdle   how long a connection whose answer was read to its end stays open for the next request to the
 *                   same endpoint host; zero opens a connection per request and asks the receiver to close it
 */
public record WebhookSenderSettings(Option<InetSocketAddress> ownAddress, String userAgent, Resolver resolver,
                                    Option<SSLContext> tls, Duration keepIdle) {

    /**
     * Below the idle timeouts common web servers close connections after (5 s for Node.js, Apache httpd, uvicorn),
     * so a kept connection is rarely one the receiver is closing just then; when it is, the request goes again on
     * a new connection.
     */
    public static final Duration DEFAULT_KEEP_IDLE = Duration.ofSeconds(4);
    public static final Duration MAX_KEEP_IDLE = Duration.ofMinutes(5);

    /** Every address a host name has, in the order to try them. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public WebhookSenderSettings {
        if (ownAddress == null || userAgent == null || userAgent.isBlank() || resolver == null || tls == null
                || keepIdle == null || keepIdle.isNegative() || keepIdle.compareTo(MAX_KEEP_IDLE) > 0) {
            throw new IllegalArgumentException("webhook sender settings need an own address (or none), a user agent, a resolver,"
                    + " TLS settings (or none) and a keep-idle time of 0.." + MAX_KEEP_IDLE.toSeconds() + " seconds");
        }
    }

    public static WebhookSenderSettings defaults() {
        return new WebhookSenderSettings(Option.none(), "Grantor-Webhooks/1.0", InetAddress::getAllByName, Option.none(),
                DEFAULT_KEEP_IDLE);
    }

    public WebhookSenderSettings withOwnAddress(InetSocketAddress address) {
        return new WebhookSenderSettings(Option.some(address), userAgent, resolver, tls, keepIdle);
    }

    public WebhookSenderSettings withResolver(Resolver newResolver) {
        return new WebhookSenderSettings(ownAddress, userAgent, Objects.requireNonNull(newResolver, "resolver"), tls, keepIdle);
    }

    public WebhookSenderSettings withTls(SSLContext context) {
        return new WebhookSenderSettings(ownAddress, userAgent, resolver, Option.some(context), keepIdle);
    }

    public WebhookSenderSettings withKeepIdle(Duration keep) {
        return new WebhookSenderSettings(ownAddress, userAgent, resolver, tls, keep);
    }
}
