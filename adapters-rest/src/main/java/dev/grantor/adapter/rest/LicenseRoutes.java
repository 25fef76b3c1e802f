package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.PUBLIC_LICENSE;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.in.Licensing.Verdict;
import dev.grantor.application.view.ActivationView;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code /licenses/*}: public, called by the customer's installed software with the key itself as credential. Each
 * check first asks the {@link LicenseGuessBudget}, and tells it how the check went.
 */
final class LicenseRoutes {

    /** What a check of a well-formed request answers when the key is not one that works: these spend the budgets. */
    private static final Set<ErrorCode> REFUSED_CHECKS = EnumSet.of(ErrorCode.LICENSE_KEY_NOT_FOUND,
            ErrorCode.INACTIVE_LICENSE_KEY, ErrorCode.LICENSE_KEY_LIMIT_REACHED);

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
        return checked(command, ActivateLicense::licenseKey, (activation, check) -> licensing.activate(activation),
                outcome -> Replies.with(201, outcome.map(ActivationView::of)));
    }

    private Reply validate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ValidateLicense(body.requiredString("license_key"),
                body.optionalString("license_key_instance_id"))));
        return checked(command, ValidateLicense::licenseKey, (validation, check) -> licensing.check(validation)
                        .peek(verdict -> check.ownerIs(verdict.keyOwner())).map(Verdict::valid),
                outcome -> Replies.ok(outcome.map(Validity::new)));
    }

    private Reply deactivate(Call call) {
        var command = call.fields().flatMap(body -> body.result(new DeactivateLicense(body.requiredString("license_key"),
                body.requiredString("license_key_instance_id"))));
        return checked(command, DeactivateLicense::licenseKey, (deactivation, check) -> licensing.deactivate(deactivation),
                outcome -> outcome.fold(ErrorReplies::of, key -> Reply.empty()));
    }

    /**
     * A well-formed command runs unless a budget refuses its key; a failed check spends the budgets, and a success
     * proves the key.
     */
    private <C, R> Reply checked(Either<GrantorError, C> command, Function<C, String> licenseKey,
                                 BiFunction<C, LicenseGuessBudget.Check, Either<GrantorError, R>> run,
                                 Function<Either<GrantorError, R>, Reply> reply) {
        if (command.isLeft()) {
            return ErrorReplies.of(command.getLeft());
        }
        var check = budget.check(licenseKey.apply(command.get()));
        var refused = budget.refusal(check);
        if (refused.isDefined()) {
            return refused.get();
        }
        Either<GrantorError, R> outcome = run.apply(command.get(), check);
        if (Boolean.FALSE.equals(outcome.getOrNull()) || outcome.isLeft() && REFUSED_CHECKS.contains(outcome.getLeft().code())) {
            budget.failed(check);
        } else if (outcome.isRight()) {
            budget.proven(check);
        }
        return reply.apply(outcome);
    }

    /** The answer of {@code POST /licenses/validate}. */
    record Validity(boolean valid) {}
}
