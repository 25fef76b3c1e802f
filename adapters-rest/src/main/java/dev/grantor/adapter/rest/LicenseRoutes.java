package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.PUBLIC_LICENSE;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.in.Licensing.Verdict;
import dev.grantor.application.view.ActivationView;
import io.vavr.collection.List;

/**
 * {@code /licenses/*}: public, called by the customer's installed software with the key itself as credential. Each
 * check first asks the {@link LicenseGuessBudget}, and tells it how the check went.
 */
final class LicenseRoutes {

    private final Licensing licensing;
    private final LicenseGuessBudget budget;

    LicenseRoutes(Licensing licensing, LicenseGuessBudget budget) {
        this.licensing = licensing;
        this.budget = budget;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/licenses/activate", PUBLIC_LICENSE, this::activate),
                Route.post("/licenses/validate", PUBLIC_LICENSE, this::validate),
                Route.post("/licenses/deactivate", PUBLIC_LICENSE, this::deactivate));
    }

    private Reply activate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ActivateLicense(body.requiredString("license_key"),
                body.requiredString("name"))));
        return budget.guarded(command, ActivateLicense::licenseKey, (activation, check) -> licensing.activate(activation),
                outcome -> Replies.with(201, outcome.map(ActivationView::of)));
    }

    private Reply validate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ValidateLicense(body.requiredString("license_key"),
                body.optionalString("license_key_instance_id"))));
        return budget.guarded(command, ValidateLicense::licenseKey, (validation, check) -> licensing.check(validation)
                        .peek(verdict -> check.ownerIs(verdict.keyOwner())).map(Verdict::valid),
                outcome -> Replies.ok(outcome.map(Validity::new)));
    }

    private Reply deactivate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new DeactivateLicense(body.requiredString("license_key"),
                body.requiredString("license_key_instance_id"))));
        return budget.guarded(command, DeactivateLicense::licenseKey, (deactivation, check) -> licensing.deactivate(deactivation),
                outcome -> outcome.fold(ErrorReplies::of, key -> Reply.empty()));
    }

    /** The answer of {@code POST /licenses/validate}. */
    record Validity(boolean valid) {}
}
