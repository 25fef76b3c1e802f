package dev.grantor.application.view;

import dev.grantor.application.port.in.GrantFulfillment.DigitalProductDelivery;
import dev.grantor.application.port.in.GrantFulfillment.Feature;
import dev.grantor.domain.grant.DeliveryPayload;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A grant's delivery payload as its JSON column holds it. Its {@link DigitalProductDelivery} and {@link Feature} are
 * also the grant's {@code digital_product_delivery} and {@code feature} on the wire and the parts a host reports
 * (the same members), while the wire flattens the OAuth link into {@code oauth_url} and {@code oauth_expires_at}.
 */
public record DeliveryPayloadView(DigitalProductDelivery digitalProductDelivery, OAuth oauth, Feature feature) {

    public static DeliveryPayloadView of(DeliveryPayload payload) {
        return new DeliveryPayloadView(payload.digitalProductDelivery().map(DigitalProductDelivery::of).getOrNull(),
                payload.oauth().map(OAuth::of).getOrNull(), payload.feature().map(Feature::of).getOrNull());
    }

    public DeliveryPayload payload() {
        return new DeliveryPayload(Option.of(digitalProductDelivery).map(DigitalProductDelivery::delivery),
                Option.of(oauth).map(OAuth::access), Option.of(feature).map(Feature::feature));
    }

    /**
     * {@code expiresAt} is the instant's full ISO-8601 text ({@link Instant#toString}, down to the nanosecond), as
     * stored rows already hold it; the wire shows the same instant in its millisecond form.
     */
    public record OAuth(String url, String expiresAt) {

        public static OAuth of(DeliveryPayload.OAuthAccess access) {
            return new OAuth(access.url(), access.expiresAt().map(Instant::toString).getOrNull());
        }

        public DeliveryPayload.OAuthAccess access() {
            return new DeliveryPayload.OAuthAccess(url, Option.of(expiresAt).map(Instant::parse));
        }
    }
}
