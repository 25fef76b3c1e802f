package dev.grantor.application.contract;

import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/** Valid webhook records for storage tests, with every optional part set so storage proves it keeps them. */
public final class WebhookFixtures {

    private WebhookFixtures() {}

    public static BusinessId business() {
        return new BusinessId(ContractFixtures.id(BusinessId.PREFIX));
    }

    public static WebhookEndpoint endpoint(BusinessId business, Instant at) {
        return new WebhookEndpoint(ContractFixtures.id("whk_"), business, "https://hooks.example.com/grantor?team=7",
                Option.some("Fulfillment desk ✓"), ContractFixtures.metadata(), false,
                List.of("entitlement_grant.created", "license_key.created"),
                LinkedHashMap.of("X-Team", "fulfillment", "Authorization", "Bearer abc"), Option.some(50),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Option.none(), at, at, 0);
    }

    /** The bare minimum: no description, no filter, no headers, no rate limit. */
    public static WebhookEndpoint plainEndpoint(BusinessId business, Instant at) {
        return new WebhookEndpoint(ContractFixtures.id("whk_"), business, "http://localhost:9/hook", Option.none(),
                dev.grantor.domain.shared.Metadata.EMPTY, false, List.empty(), LinkedHashMap.empty(), Option.none(),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Option.none(), at, at, 0);
    }

    public static WebhookEndpoint disabled(WebhookEndpoint e) {
        return new WebhookEndpoint(e.id(), e.businessId(), e.url(), e.description(), e.metadata(), true, e.filterTypes(),
                e.headers(), e.rateLimit(), e.secret(), e.retiring(), e.createdAt(), e.updatedAt(), e.version());
    }

    public static WebhookDelivery delivery(WebhookEndpoint endpoint, Instant at) {
        return WebhookDelivery.fresh(ContractFixtures.id("msg_"), endpoint.businessId(), endpoint.id(), ContractFixtures.id("msg_"),
                "entitlement_grant.created", "{\"business_id\":\"" + endpoint.businessId().value()
                        + "\",\"type\":\"entitlement_grant.created\",\"data\":{\"note\":\"日本 ✓\"}}", at);
    }
}
