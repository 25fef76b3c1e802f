package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.PUBLIC_LICENSE;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.wire.Wire;
import io.vavr.collection.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /licenses/*}: public, called by the customer's installed software with the key itself as credential. */
final class LicenseRoutes {

    private final Licensing licensing;

    LicenseRoutes(Licensing licensing) {
        this.licensing = licensing;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/licenses/activate", PUBLIC_LICENSE, this::activate),
                Route.post("/licenses/validate", PUBLIC_LICENSE, this::validate),
                Route.post("/licenses/deactivate", PUBLIC_LICENSE, this::deactivate));
    }

    private Reply activate(Call call) {
        return Replies.with(201, call.fields()
                .flatMap(body -> body.result(new ActivateLicense(body.requiredString("license_key"),
                        body.requiredString("name"))))
                .flatMap(licensing::activate)
                .map(Wire::activation));
    }

    private Reply validate(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> body.result(new ValidateLicense(body.requiredString("license_key"),
                        body.optionalString("license_key_instance_id"))))
                .flatMap(licensing::validate)
                .map(LicenseRoutes::validity));
    }

    private Reply deactivate(Call call) {
        return call.fields()
                .flatMap(body -> body.result(new DeactivateLicense(body.requiredString("license_key"),
                        body.requiredString("license_key_instance_id"))))
                .flatMap(licensing::deactivate)
                .fold(ErrorReplies::of, key -> Reply.empty());
    }

    private static Map<String, Object> validity(boolean valid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", valid);
        return body;
    }
}
