package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/** How many instances one key may have at once. Absent means unlimited, so the value is always >= 1. */
@ValueObject
public record ActivationsLimit(int value) {

    public ActivationsLimit {
        if (value < 1) {
            throw new IllegalArgumentException("activations limit must be >= 1");
        }
    }

    /** Accepts any integral number a JSON body can carry; null means unlimited. Problems are the value's own. */
    public static Either<GrantorError, Option<ActivationsLimit>> parse(Long candidate) {
        if (candidate == null) {
            return Either.right(Option.none());
        }
        if (candidate < 1) {
            return Either.left(ValidationFailed.ofValue("must be >= 1"));
        }
        if (candidate > Integer.MAX_VALUE) {
            return Either.left(ValidationFailed.ofValue("must be <= " + Integer.MAX_VALUE));
        }
        return Either.right(Option.some(new ActivationsLimit(candidate.intValue())));
    }

    public boolean allowsAnother(int currentInstances) {
        return currentInstances < value;
    }
}
