package dev.grantor.adapter.webhooks;

import io.vavr.control.Option;
import java.net.InetSocketAddress;

/**
 * @param ownAddress where this service listens, when it does: an endpoint that resolves to this machine at
 *                   this port is refused, so a merchant cannot make Grantor call its own API
 * @param userAgent  the {@code User-Agent} of every request
 */
public record WebhookSenderSettings(Option<InetSocketAddress> ownAddress, String userAgent) {

    public WebhookSenderSettings {
        if (ownAddress == null || userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("webhook sender settings need an own address (or none) and a user agent");
        }
    }

    public static WebhookSenderSettings defaults() {
        return new WebhookSenderSettings(Option.none(), "Grantor-Webhooks/1.0");
    }

    public WebhookSenderSettings withOwnAddress(InetSocketAddress address) {
        return new WebhookSenderSettings(Option.some(address), userAgent);
    }
}
