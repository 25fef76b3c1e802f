package dev.grantor.adapter.webhooks;

import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * @param ownAddress where this service listens, when it does: an endpoint that resolves to this machine at
 *                   this port is refused, so a merchant cannot make Grantor call its own API
 * @param userAgent  the {@code User-Agent} of every request
 * @param resolver   how a host name becomes addresses: the system's resolver, or a test's
 * @param tls        the trust store and protocols for {@code https}: the JDK's defaults, or a test's
 */
public record WebhookSenderSettings(Option<InetSocketAddress> ownAddress, String userAgent, Resolver resolver,
                                    Option<SSLContext> tls) {

    /** Every address a host name has, in the order to try them. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public WebhookSenderSettings {
        if (ownAddress == null || userAgent == null || userAgent.isBlank() || resolver == null || tls == null) {
            throw new IllegalArgumentException("webhook sender settings need an own address (or none), a user agent, a resolver"
                    + " and TLS settings (or none)");
        }
    }

    public static WebhookSenderSettings defaults() {
        return new WebhookSenderSettings(Option.none(), "Grantor-Webhooks/1.0", InetAddress::getAllByName, Option.none());
    }

    public WebhookSenderSettings withOwnAddress(InetSocketAddress address) {
        return new WebhookSenderSettings(Option.some(address), userAgent, resolver, tls);
    }

    public WebhookSenderSettings withResolver(Resolver newResolver) {
        return new WebhookSenderSettings(ownAddress, userAgent, Objects.requireNonNull(newResolver, "resolver"), tls);
    }

    public WebhookSenderSettings withTls(SSLContext context) {
        return new WebhookSenderSettings(ownAddress, userAgent, resolver, Option.some(context));
    }
}
