package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A manual fulfillment through the ports, as the engine's use case performs it: one unit that reads the
 * grant and its entitlement, stores the key and the delivered grant (version-checked), and records the
 * delivery email and the two events in the outbox.
 */
public final class Fulfillments {

    private final JdbcStorage storage;

    public Fulfillments(JdbcStorage storage) {
        this.storage = storage;
    }

    public Either<GrantorError, GrantId> fulfill(BusinessId business, GrantId grantId, Entitlement entitlement, String key, Instant at) {
        return storage.transactions().write(() -> {
            var grant = storage.grants().find(business, grantId).get();
            var current = storage.entitlements().find(business, entitlement.id()).get();
            return grant.fulfill(current, new FulfillmentTerms(new LicenseKeyValue(key), Option.none(), Option.none()),
                            new LicenseKeyId(Samples.id(LicenseKeyId.PREFIX)), at)
                    .map(change -> {
                        change.createdKey().forEach(storage.licenseKeys()::insert);
                        storage.grants().update(change.grant());
                        storage.outbox().append(List.of(
                                OutboxMessage.fresh(Samples.id("eml_"), business, Kind.EMAIL, "email.license_key_delivery",
                                        "{\"grant_id\":\"" + grantId.value() + "\",\"key\":\"" + key + "\",\"body\":\""
                                                + "x".repeat(1200) + "\"}", at),
                                OutboxMessage.fresh(Samples.id("evt_"), business, Kind.EVENT, "license_key.created",
                                        "{\"grant_id\":\"" + grantId.value() + "\",\"data\":\"" + "y".repeat(800) + "\"}", at),
                                OutboxMessage.fresh(Samples.id("evt_"), business, Kind.EVENT, "entitlement_grant.delivered",
                                        "{\"grant_id\":\"" + grantId.value() + "\",\"data\":\"" + "z".repeat(800) + "\"}", at)));
                        return grantId;
                    });
        });
    }
}
