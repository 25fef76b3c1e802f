package dev.grantor.application.service;

import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.signing.SigningKeyring;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.SigningKeyInUse;
import io.vavr.control.Either;

/** Public keys for anyone, rotation and deletion for the merchant. Rotations race safely: each gets its own generation. */
public final class SigningKeyAdministrationService implements SigningKeyAdministration {

    private final Transactions transactions;
    private final WriteUnits units;
    private final Businesses businesses;
    private final SigningKeys keys;
    private final SigningKeyring keyring;

    public SigningKeyAdministrationService(Transactions transactions, Businesses businesses, SigningKeys keys,
                                           SigningKeyring keyring) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.businesses = businesses;
        this.keys = keys;
        this.keyring = keyring;
    }

    @Override
    public Either<GrantorError, Jwks> publicKeys(String businessId) {
        var notFound = new NotFound("business", String.valueOf(businessId));
        return BusinessId.parse("business_id", businessId).<GrantorError>mapLeft(malformed -> notFound)
                .flatMap(business -> transactions.read(() -> businesses.find(business).isEmpty()
                        ? Either.<GrantorError, Jwks>left(notFound)
                        : Either.right(new Jwks(keys.all(business).map(k -> PublicJwk.ed25519(k.kid(), k.publicKey()))))));
    }

    @Override
    public Either<GrantorError, PublicJwk> rotate(BusinessId business) {
        return units.write(() -> {
            var key = keyring.rotate(business);
            return Either.right(PublicJwk.ed25519(key.kid(), key.publicKey()));
        });
    }

    @Override
    public Either<GrantorError, Boolean> delete(BusinessId business, String kid) {
        return units.<Boolean>write(() -> {
            var all = keys.all(business);
            var found = all.find(k -> k.kid().equals(kid));
            if (found.isEmpty()) {
                return Either.left(new NotFound("signing_key", String.valueOf(kid)));
            }
            if (all.head().kid().equals(kid)) {
                return Either.left(new SigningKeyInUse(kid));
            }
            keys.delete(business, kid);
            return Either.right(true);
        }).peek(deleted -> keyring.forget(kid));
    }
}
