package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/** What triggered a grant: a one-off payment, a subscription, or neither (issued directly). */
@ValueObject
public sealed interface GrantOrigin {

    int MAX_REFERENCE = 100;

    record Payment(String paymentId) implements GrantOrigin {
        public Payment {
            requireReference(paymentId);
        }
    }

    record Subscription(String subscriptionId) implements GrantOrigin {
        public Subscription {
            requireReference(subscriptionId);
        }
    }

    record Direct() implements GrantOrigin {}

    default Option<String> payment() {
        return this instanceof Payment p ? Option.some(p.paymentId()) : Option.none();
    }

    default Option<String> subscription() {
        return this instanceof Subscription s ? Option.some(s.subscriptionId()) : Option.none();
    }

    default boolean isSubscription() {
        return this instanceof Subscription;
    }

    /**
     * The origin a caller named: a payment, a subscription, or neither. A caller that could name both must
     * refuse that itself (its message names its own two fields). Problems name the part: {@code paymentId}
     * or {@code subscriptionId}.
     */
    static Either<GrantorError, GrantOrigin> parse(String paymentId, String subscriptionId) {
        if (paymentId != null && subscriptionId != null) {
            throw new IllegalArgumentException("a grant has one origin: the caller refuses a payment and a subscription together");
        }
        if (paymentId != null) {
            return isReference(paymentId) ? Either.right(new Payment(paymentId))
                    : Either.left(ValidationFailed.of("paymentId", "must be 1 to " + MAX_REFERENCE + " visible characters"));
        }
        if (subscriptionId != null) {
            return isReference(subscriptionId) ? Either.right(new Subscription(subscriptionId))
                    : Either.left(ValidationFailed.of("subscriptionId", "must be 1 to " + MAX_REFERENCE + " visible characters"));
        }
        return Either.right(new Direct());
    }

    private static boolean isReference(String value) {
        return value != null && Text.isVisible(value) && Text.length(value) <= MAX_REFERENCE;
    }

    private static void requireReference(String value) {
        if (!isReference(value)) {
            throw new IllegalArgumentException("not a payment or subscription reference");
        }
    }
}
