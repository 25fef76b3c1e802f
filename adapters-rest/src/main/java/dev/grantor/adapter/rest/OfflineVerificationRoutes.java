package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;
import static dev.grantor.adapter.rest.Route.Guard.PUBLIC_LICENSE;

import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.in.LicenseCheckOut.CheckOut;
import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.in.SigningKeyAdministration.PublicJwk;
import io.vavr.collection.List;

/**
 * Offline verification: the public JWKS of each business, the merchant's signing-key rotation and
 * deletion, and license files for customers' software ({@code text/plain}, rate limited like
 * {@code /licenses/*}). No route ever answers with a private key: the use cases have none to give.
 */
final class OfflineVerificationRoutes {

    static final String LICENSE_FILE = "text/plain; charset=utf-8";

    /** The JWKS document on the wire: a plain list, so the JSON writer needs no collection module. */
    record JwksBody(java.util.List<PublicJwk> keys) {}

    private final SigningKeyAdministration signingKeys;
    private final LicenseCheckOut licenseFiles;
    private final LicenseGuessBudget budget;

    /** {@code budget} is the one {@code /licenses/*} spends: a check-out answers whether a key exists, as they do. */
    OfflineVerificationRoutes(SigningKeyAdministration signingKeys, LicenseCheckOut licenseFiles, LicenseGuessBudget budget) {
        this.signingKeys = signingKeys;
        this.licenseFiles = licenseFiles;
        this.budget = budget;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/.well-known/grantor/keys/{business_id}", PUBLIC_LICENSE, this::jwks),
                Route.post("/signing_keys/rotate", MERCHANT_WRITE, this::rotate),
                Route.delete("/signing_keys/{kid}", MERCHANT_WRITE, this::delete),
                Route.post("/licenses/check-out", PUBLIC_LICENSE, this::checkOut));
    }

    private Reply jwks(Call call) {
        return signingKeys.publicKeys(call.path("business_id"))
                .fold(ErrorReplies::of, jwks -> Reply.json(200, new JwksBody(jwks.keys().toJavaList())));
    }

    private Reply rotate(Call call) {
        return signingKeys.rotate(call.business()).fold(ErrorReplies::of, jwk -> Reply.json(200, jwk));
    }

    private Reply delete(Call call) {
        return signingKeys.delete(call.business(), call.path("kid")).fold(ErrorReplies::of, deleted -> Reply.empty());
    }

    private Reply checkOut(Call call) {
        var command = call.fields().flatMap(body -> body.result(new CheckOut(body.requiredString("license_key"),
                body.optionalString("license_key_instance_id"), body.optionalInteger("ttl_seconds"))));
        return budget.guarded(command, CheckOut::licenseKey, (checkOut, check) -> licenseFiles.checkOut(checkOut),
                outcome -> outcome.fold(ErrorReplies::of, file -> new Reply(200, LICENSE_FILE, file)));
    }
}
