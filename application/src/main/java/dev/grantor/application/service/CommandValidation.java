package dev.grantor.application.service;

import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.AccessAdministration;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.Set;

/**
 * The edge every command passes: Jakarta Validation, its violations turned into the contract's two
 * codes. A missing, null or blank value is {@code INVALID_REQUEST}; anything else that breaks a
 * constraint is {@code VALIDATION_FAILED}. A field is named in the engine's own terms, by its property path
 * ({@code customer.email}, {@code pageSize}); an adapter that speaks another naming (the HTTP API's snake_case)
 * renames it at its edge.
 */
public final class CommandValidation {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    /** The use cases whose nested records are the commands that pass here. */
    static final java.util.List<Class<?>> PRIMARY_PORTS = java.util.List.of(Access.class, AccessAdministration.class,
            CustomerManagement.class, CustomerQueries.class, DeliveryResends.class, EntitlementCatalog.class, GrantFulfillment.class, GrantIssuing.class,
            GrantQueries.class, IdempotentRequests.class, LicenseCheckOut.class, LicenseKeyManagement.class, Licensing.class,
            OutboxAdministration.class, SigningKeyAdministration.class, Webhooks.class);

    static {
        // The first check of a command type reads its constraints (reflection, annotation parsing, class loading):
        // hundreds of milliseconds on a cold JVM, seconds on a starved machine. Paid here, while the engine is built,
        // it stays out of the first request a node serves, which a stop right after start must still finish.
        var validator = FACTORY.getValidator();
        for (Class<?> port : PRIMARY_PORTS) {
            for (Class<?> nested : port.getDeclaredClasses()) {
                if (nested.isRecord()) {
                    validator.getConstraintsForClass(nested);
                }
            }
        }
    }

    private final Validator validator = FACTORY.getValidator();

    public <T> Either<GrantorError, T> check(T command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(command);
        if (violations.isEmpty()) {
            return Either.right(command);
        }
        var sorted = List.ofAll(violations).sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()));
        var missing = sorted.filter(CommandValidation::isMissing);
        if (!missing.isEmpty()) {
            var details = missing.map(CommandValidation::problem);
            return Either.left(new InvalidRequest(message(details), details));
        }
        var details = sorted.map(CommandValidation::problem);
        return Either.left(new ValidationFailed(message(details), details));
    }

    private static boolean isMissing(ConstraintViolation<?> violation) {
        Class<? extends Annotation> type = violation.getConstraintDescriptor().getAnnotation().annotationType();
        return type == NotNull.class || type == NotBlank.class || type == NotEmpty.class;
    }

    private static FieldProblem problem(ConstraintViolation<?> violation) {
        return new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage());
    }

    private static String message(List<FieldProblem> details) {
        return details.map(p -> p.field() + " " + p.message()).mkString("; ");
    }
}
