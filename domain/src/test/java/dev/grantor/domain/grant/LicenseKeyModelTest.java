package dev.grantor.domain.grant;

import static dev.grantor.domain.Examples.KEY_A;
import static dev.grantor.domain.Examples.MANUAL_KEY_ID;
import static dev.grantor.domain.Examples.T0;
import static dev.grantor.domain.shared.ErrorCode.ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT;
import static dev.grantor.domain.shared.ErrorCode.INACTIVE_LICENSE_KEY;
import static dev.grantor.domain.shared.ErrorCode.LICENSE_KEY_LIMIT_REACHED;
import static dev.grantor.domain.shared.ErrorCode.LICENSE_KEY_NOT_FOUND;
import static dev.grantor.domain.shared.ErrorCode.NOT_FOUND;
import static dev.grantor.domain.shared.ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS;
import static dev.grantor.domain.shared.ErrorCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.grantor.domain.Examples;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every command sequence up to {@link #MAX_LENGTH} against the real {@link LicenseKey} and compares each step with
 * {@link Model}, the key written from the specification (license-keys.md, README "After delivery", http-api.md's error
 * table), not from the code: the answer or error code, the status read now and an hour later, what validates, the
 * instances in order, the value, limit, expiry and the first disable time. Keys are immutable, so sequences sharing a
 * prefix share its execution: a depth-first walk of the tree of all sequences.
 */
class LicenseKeyModelTest {

    /** Four commands from each start; {@code -Dgrantor.model.length=5} runs deeper (16 times the steps per extra one). */
    static final int MAX_LENGTH = Integer.getInteger("grantor.model.length", 4);

    static final Duration HOUR = Duration.ofHours(1);
    static final InstanceId NOBODYS_INSTANCE = Examples.instance(999_999);
    /** Ids and values made once: formatting them at every step would be most of the run's time. */
    static final List<InstanceId> INSTANCES = java.util.stream.IntStream.rangeClosed(0, 64).mapToObj(Examples::instance).toList();
    static final List<LicenseKeyValue> VALUES = java.util.stream.IntStream.rangeClosed(0, 64)
            .mapToObj(n -> n == 0 ? KEY_A : new LicenseKeyValue("KEY-ROTATED-" + String.format("%04d", n))).toList();

    enum Command {
        ACTIVATE, DEACTIVATE_OLDEST, DEACTIVATE_UNKNOWN, DISABLE, ENABLE, LIMIT_NONE, LIMIT_1, LIMIT_2,
        EXPIRE_NONE, EXPIRE_IN_AN_HOUR, EXPIRE_NOW, ROTATE, ROTATE_RESETTING, RENAME_OLDEST, RENAME_UNKNOWN, WAIT_AN_HOUR
    }

    /** The model's own status: decided here, never read through the code's enum. */
    enum Status {
        ACTIVE, EXPIRED, DISABLED
    }

    /**
     * The key as the specification describes it. {@code limit} 0 means none; {@code instances} are numbers in order of
     * activation; {@code value} counts rotations.
     */
    record Model(boolean subscription, Instant now, int limit, Option<Instant> expiry, Option<Instant> disabledAt,
                 List<Integer> instances, int value) {

        /** disabled wins; a key is expired from its expires_at on (the verifier reads it the same way). */
        Status status(Instant at) {
            if (disabledAt.isDefined()) {
                return Status.DISABLED;
            }
            return expiry.isDefined() && at.compareTo(expiry.get()) >= 0 ? Status.EXPIRED : Status.ACTIVE;
        }

        Model with(int limit, Option<Instant> expiry, Option<Instant> disabledAt, List<Integer> instances, int value) {
            return new Model(subscription, now, limit, expiry, disabledAt, instances, value);
        }
    }

    /** What the model says a command does: the key's next state, or the error code that refuses it. */
    record Step(Option<Model> next, ErrorCode refusal) {
        static Step to(Model next) {
            return new Step(Option.some(next), null);
        }

        static Step refused(ErrorCode code) {
            return new Step(Option.none(), code);
        }
    }

    static Step model(Model m, Command command, int nextInstance) {
        var now = m.now();
        return switch (command) {
            // activate: an active (not disabled, not expired) key, and a seat free counting current instances
            case ACTIVATE -> m.status(now) != Status.ACTIVE ? Step.refused(INACTIVE_LICENSE_KEY)
                    : m.limit() > 0 && m.instances().size() >= m.limit() ? Step.refused(LICENSE_KEY_LIMIT_REACHED)
                    : Step.to(m.with(m.limit(), m.expiry(), m.disabledAt(), appended(m.instances(), nextInstance), m.value()));
            // deactivate: any instance of the key, whatever its status; another key's instance is not found
            case DEACTIVATE_OLDEST -> m.instances().isEmpty() ? Step.refused(LICENSE_KEY_NOT_FOUND)
                    : Step.to(m.with(m.limit(), m.expiry(), m.disabledAt(), m.instances().subList(1, m.instances().size()), m.value()));
            case DEACTIVATE_UNKNOWN -> Step.refused(LICENSE_KEY_NOT_FOUND);
            // disabling twice keeps the first time; enabling clears it
            case DISABLE -> Step.to(m.with(m.limit(), m.expiry(), m.disabledAt().orElse(Option.some(now)), m.instances(), m.value()));
            case ENABLE -> Step.to(m.with(m.limit(), m.expiry(), Option.none(), m.instances(), m.value()));
            // a limit below the current instance count is refused; none lifts it
            case LIMIT_NONE -> Step.to(m.with(0, m.expiry(), m.disabledAt(), m.instances(), m.value()));
            case LIMIT_1, LIMIT_2 -> {
                int limit = command == Command.LIMIT_1 ? 1 : 2;
                yield limit < m.instances().size() ? Step.refused(ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT)
                        : Step.to(m.with(limit, m.expiry(), m.disabledAt(), m.instances(), m.value()));
            }
            // expires_at: none always; on a subscription key never; otherwise only in the future
            case EXPIRE_NONE -> Step.to(m.with(m.limit(), Option.none(), m.disabledAt(), m.instances(), m.value()));
            case EXPIRE_IN_AN_HOUR, EXPIRE_NOW -> {
                var at = command == Command.EXPIRE_NOW ? now : now.plus(HOUR);
                yield m.subscription() ? Step.refused(NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS)
                        : !at.isAfter(now) ? Step.refused(VALIDATION_FAILED)
                        : Step.to(m.with(m.limit(), Option.some(at), m.disabledAt(), m.instances(), m.value()));
            }
            // same key, new value; activations kept unless reset (whether the grant allows it is not the key's to say)
            case ROTATE -> Step.to(m.with(m.limit(), m.expiry(), m.disabledAt(), m.instances(), m.value() + 1));
            case ROTATE_RESETTING -> Step.to(m.with(m.limit(), m.expiry(), m.disabledAt(), List.of(), m.value() + 1));
            case RENAME_OLDEST -> m.instances().isEmpty() ? Step.refused(NOT_FOUND) : Step.to(m);
            case RENAME_UNKNOWN -> Step.refused(NOT_FOUND);
            case WAIT_AN_HOUR -> Step.to(new Model(m.subscription(), now.plus(HOUR), m.limit(), m.expiry(), m.disabledAt(),
                    m.instances(), m.value()));
        };
    }

    /** What the real key does with the same command: the next key, or the error. */
    static Either<GrantorError, LicenseKey> real(LicenseKey key, boolean subscription, Instant now, Command command,
                                                 int nextInstance) {
        var oldest = key.instances().headOption().map(LicenseKeyInstance::id);
        return switch (command) {
            case ACTIVATE -> key.activate(INSTANCES.get(nextInstance), "machine", now).map(activation -> {
                if (!activation.instance().id().equals(INSTANCES.get(nextInstance))
                        || !activation.event().instance().equals(activation.instance())) {
                    fail("the activation's instance or event is not the new instance: %s", activation);
                }
                return activation.licenseKey();
            });
            case DEACTIVATE_OLDEST -> key.deactivate(oldest.getOrElse(NOBODYS_INSTANCE), now).map(deactivation -> {
                if (!deactivation.event().instance().id().equals(oldest.get())) {
                    fail("the deactivation event names another instance: %s", deactivation);
                }
                return deactivation.licenseKey();
            });
            case DEACTIVATE_UNKNOWN -> key.deactivate(NOBODYS_INSTANCE, now).map(LicenseKey.Deactivation::licenseKey);
            case DISABLE -> Either.right(key.disable(now));
            case ENABLE -> Either.right(key.enable(now));
            case LIMIT_NONE -> key.limitActivations(Option.none(), now);
            case LIMIT_1 -> key.limitActivations(Option.some(new ActivationsLimit(1)), now);
            case LIMIT_2 -> key.limitActivations(Option.some(new ActivationsLimit(2)), now);
            case EXPIRE_NONE -> key.expire(Option.none(), subscription, now);
            case EXPIRE_IN_AN_HOUR -> key.expire(Option.some(now.plus(HOUR)), subscription, now);
            case EXPIRE_NOW -> key.expire(Option.some(now), subscription, now);
            case ROTATE, ROTATE_RESETTING -> {
                var rotation = key.rotate(valueNumber(rotationsOf(key) + 1), command == Command.ROTATE_RESETTING, now);
                var old = key.value().value();
                // the last four characters of a key of 16 or more, nothing of a shorter one (KEY_A has 13)
                String ending = old.length() >= 16 ? old.substring(old.length() - 4) : "";
                if (!rotation.previousValue().equals(key.value()) || !rotation.event().previousKeySuffix().equals(ending)) {
                    fail("the rotation does not name the old value by its last four characters: %s", rotation);
                }
                yield Either.right(rotation.licenseKey());
            }
            case RENAME_OLDEST -> key.renameInstance(oldest.getOrElse(NOBODYS_INSTANCE), "renamed", now);
            case RENAME_UNKNOWN -> key.renameInstance(NOBODYS_INSTANCE, "renamed", now);
            case WAIT_AN_HOUR -> Either.right(key);
        };
    }

    int stepsRun;

    @Test
    void every_sequence_of_commands_does_what_the_specification_says() {
        // a one-time purchase unlimited and without expiry; one limited to a seat, expiring in two hours; a subscription's
        var starts = List.of(
                new Model(false, T0, 0, Option.none(), Option.none(), List.of(), 0),
                new Model(false, T0, 1, Option.some(T0.plus(HOUR.multipliedBy(2))), Option.none(), List.of(), 0),
                new Model(true, T0, 2, Option.none(), Option.none(), List.of(), 0));
        for (var start : starts) {
            var key = LicenseKey.issue(MANUAL_KEY_ID, Examples.BUSINESS, Examples.GRANT, Examples.CUSTOMER,
                    Examples.ENTITLEMENT, valueNumber(0), LicenseKeySource.MANUAL,
                    start.limit() == 0 ? Option.none() : Option.some(new ActivationsLimit(start.limit())), start.expiry(), T0);
            compare(new ArrayList<>(), key, start);
            walk(new ArrayList<>(), key, start, new int[] {0});
        }
        int perStart = 0;
        for (int length = 1, level = 1; length <= MAX_LENGTH; length++) {
            level *= Command.values().length;
            perStart += level;
        }
        assertThat(stepsRun).as("every sequence was run").isEqualTo(starts.size() * perStart);
    }

    private void walk(List<Command> path, LicenseKey key, Model model, int[] instancesMade) {
        if (path.size() == MAX_LENGTH) {
            return;
        }
        for (var command : Command.values()) {
            path.add(command);
            stepsRun++;
            int nextInstance = instancesMade[0] + 1;
            var expected = model(model, command, nextInstance);
            var actual = real(key, model.subscription(), model.now(), command, nextInstance);
            if (expected.next().isEmpty()) {
                if (actual.isRight() || actual.getLeft().code() != expected.refusal()) {
                    fail("after %s expected %s, got %s", path, expected.refusal(), actual);
                }
                // a refusal changes nothing: the walk goes on from the same key
                walk(path, key, model, instancesMade);
            } else {
                if (actual.isLeft()) {
                    fail("after %s expected success, got %s", path, actual.getLeft());
                }
                var next = expected.next().get();
                compare(path, actual.get(), next);
                if (!actual.get().updatedAt().equals(key.updatedAt()) && actual.get().updatedAt().isBefore(key.updatedAt())) {
                    fail("after %s updated_at went back", path);
                }
                int made = instancesMade[0];
                if (command == Command.ACTIVATE) {
                    instancesMade[0] = nextInstance;
                }
                walk(path, actual.get(), next, instancesMade);
                instancesMade[0] = made;
            }
            path.remove(path.size() - 1);
        }
    }

    private static void compare(List<Command> path, LicenseKey key, Model model) {
        var now = model.now();
        var oldest = model.instances().isEmpty() ? NOBODYS_INSTANCE : INSTANCES.get(model.instances().get(0));
        boolean active = model.status(now) == Status.ACTIVE;
        var mismatches = new ArrayList<String>();
        check(mismatches, "status now", key.statusAt(now).name(), model.status(now).name());
        check(mismatches, "status in an hour", key.statusAt(now.plus(HOUR)).name(), model.status(now.plus(HOUR)).name());
        check(mismatches, "instances", key.instances().map(i -> i.id().value()).mkString(","),
                model.instances().stream().map(n -> INSTANCES.get(n).value()).collect(java.util.stream.Collectors.joining(",")));
        check(mismatches, "activations used", key.activationsUsed(), model.instances().size());
        check(mismatches, "validates", key.validate(Option.none(), now), active);
        check(mismatches, "validates with its oldest instance", key.validate(Option.some(oldest), now),
                active && !model.instances().isEmpty());
        check(mismatches, "validates with another key's instance", key.validate(Option.some(NOBODYS_INSTANCE), now), false);
        check(mismatches, "value", key.value(), valueNumber(model.value()));
        check(mismatches, "limit", key.activationsLimit().map(ActivationsLimit::value).getOrElse(0), model.limit());
        check(mismatches, "expiry", key.expiresAt(), model.expiry());
        check(mismatches, "disabled at", key.disabledAt(), model.disabledAt());
        check(mismatches, "updated_at not before created_at, not after now",
                !key.updatedAt().isBefore(key.createdAt()) && !key.updatedAt().isAfter(now), true);
        if (!mismatches.isEmpty()) {
            fail("after %s: %s", path, mismatches);
        }
    }

    private static void check(List<String> mismatches, String what, Object actual, Object expected) {
        if (!actual.equals(expected)) {
            mismatches.add(what + " was " + actual + ", the model says " + expected);
        }
    }

    private static List<Integer> appended(List<Integer> instances, int instance) {
        var next = new ArrayList<>(instances);
        next.add(instance);
        return List.copyOf(next);
    }

    /** The value after {@code rotations} rotations: distinct, and each ends in its own four characters. */
    private static LicenseKeyValue valueNumber(int rotations) {
        return VALUES.get(rotations);
    }

    private static int rotationsOf(LicenseKey key) {
        return key.value().equals(KEY_A) ? 0 : Integer.parseInt(key.value().value().substring("KEY-ROTATED-".length()));
    }
}
