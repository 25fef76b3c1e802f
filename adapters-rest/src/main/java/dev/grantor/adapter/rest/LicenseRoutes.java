package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.PUBLIC_LICENSE;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.in.Licensing.Verdict;
import dev.grantor.application.view.ActivationView;
import io.vavr.collection.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code /licenses/*}: public, called by the customer's installed software with the key itself as credential. Each
 * check first asks the {@link LicenseGuessBudget}, and tells it how the check went.
 *
 * <p>Activate and deactivate honour {@code Idempotency-Key} as the merchant's writes do, once the budgets let the call
 * through and the key's holder is known: the records are that business's, named by the license key's digest too, so
 * a stored answer goes only to a caller who sends the same license key (in the same body). A key nobody holds has no
 * records: its call runs, is refused and spends the budgets however often it comes. Validate changes nothing and
 * reads no idempotency key.
 */
final class LicenseRoutes {

    private static final String ACTIVATE = "/licenses/activate";
    private static final String DEACTIVATE = "/licenses/deactivate";

    private final Licensing licensing;
    private final LicenseGuessBudget budget;
    private final IdempotentExecution idempotency;

    LicenseRoutes(Licensing licensing, LicenseGuessBudget budget, IdempotentExecution idempotency) {
        this.licensing = licensing;
        this.budget = budget;
        this.idempotency = idempotency;
    }

    List<Route> routes() {
        return List.of(
                Route.post(ACTIVATE, PUBLIC_LICENSE, this::activate),
                Route.post("/licenses/validate", PUBLIC_LICENSE, this::validate),
                Route.post(DEACTIVATE, PUBLIC_LICENSE, this::deactivate));
    }

    private Reply activate(Call call) {
        if (malformedKey(call)) {
            return IdempotentExecution.malformedKey(IdempotentExecution.HEADER);
        }
        var command = call.fields().flatMap(body -> body.result(new ActivateLicense(body.requiredString("license_key"),
                body.requiredString("name"))));
        return budget.guarded(command, ActivateLicense::licenseKey, (activation, check) -> licensing.activate(activation),
                outcome -> Replies.with(201, outcome.map(ActivationView::of)), once(call, ACTIVATE));
    }

    private Reply validate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ValidateLicense(body.requiredString("license_key"),
                body.optionalString("license_key_instance_id"))));
        return budget.guarded(command, ValidateLicense::licenseKey, (validation, check) -> licensing.check(validation)
                        .peek(verdict -> check.ownerIs(verdict.keyOwner())).map(Verdict::valid),
                outcome -> Replies.ok(outcome.map(Validity::new)));
    }

    private Reply deactivate(Call call) {
        if (malformedKey(call)) {
            return IdempotentExecution.malformedKey(IdempotentExecution.HEADER);
        }
        var command = call.fields().flatMap(body -> body.result(new DeactivateLicense(body.requiredString("license_key"),
                body.requiredString("license_key_instance_id"))));
        return budget.guarded(command, DeactivateLicense::licenseKey, (deactivation, check) -> licensing.deactivate(deactivation),
                outcome -> outcome.fold(ErrorReplies::of, key -> Reply.empty()), once(call, DEACTIVATE));
    }

    private static boolean malformedKey(Call call) {
        return call.idempotencyKey() != null && !IdempotentExecution.isWellFormed(call.idempotencyKey());
    }

    /**
     * How a checked change runs: as it is without an idempotency key or when nobody holds the license key (a guess
     * stores nothing to replay), else at most once per idempotency key of the key's holder and the key itself.
     */
    private BiFunction<LicenseGuessBudget.Check, Supplier<Reply>, Reply> once(Call call, String path) {
        return (check, work) -> call.idempotencyKey() == null ? work.get() : check.owner().fold(work::get, holder ->
                idempotency.runForLicenseKey(holder, check.digest(), call.idempotencyKey(), "POST", path, call.body(), work,
                        replay -> budget.replayed(check, replay)));
    }

    /** The answer of {@code POST /licenses/validate}. */
    record Validity(boolean valid) {}
}
