package dev.grantor.domain.grant;

import static dev.grantor.domain.Examples.AUTO_KEYS;
import static dev.grantor.domain.Examples.DISCORD;
import static dev.grantor.domain.Examples.FEATURE;
import static dev.grantor.domain.Examples.GENERATED_KEY;
import static dev.grantor.domain.Examples.GENERATED_KEY_ID;
import static dev.grantor.domain.Examples.KEY_A;
import static dev.grantor.domain.Examples.KEY_B;
import static dev.grantor.domain.Examples.MANUAL_KEYS;
import static dev.grantor.domain.Examples.MANUAL_KEY_ID;
import static dev.grantor.domain.Examples.T0;
import static dev.grantor.domain.shared.ErrorCode.GRANT_NOT_PENDING;
import static dev.grantor.domain.shared.ErrorCode.GRANT_REVOKED;
import static dev.grantor.domain.shared.ErrorCode.LICENSE_KEY_NOT_FOUND;
import static dev.grantor.domain.shared.ErrorCode.LICENSE_KEY_NOT_ROTATABLE;
import static dev.grantor.domain.shared.ErrorCode.INVALID_REQUEST;
import static dev.grantor.domain.shared.ErrorCode.NOT_A_LICENSE_KEY_GRANT;
import static dev.grantor.domain.shared.ErrorCode.NOT_MANUAL_FULFILLMENT;
import static dev.grantor.domain.shared.ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS;
import static dev.grantor.domain.shared.ErrorCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.Examples;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.grant.GrantState.Delivered;
import dev.grantor.domain.grant.GrantState.KeyDelivery;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyEvent.LicenseKeyCreated;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.grant.GrantorEvent;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Runs every command sequence up to {@link #MAX_LENGTH} against the real {@link Grant} and compares each
 * step with {@link #TABLE}, a transition table written from the specification (not from the code). Grants
 * are immutable, so sequences that share a prefix share its execution: the enumeration is a depth-first
 * walk of the tree of all sequences, each node being one sequence and one executed step.
 */
class GrantLifecycleModelTest {

    /**
     * One issue (the first command of every sequence) followed by up to five more commands; deeper runs with
     * {@code -Dgrantor.model.length=7} (about nine times the sequences per extra step).
     */
    static final int MAX_LENGTH = Integer.getInteger("grantor.model.length", 6);

    /** How the grant came to be: the integration, its fulfillment mode, and what triggered it. */
    enum Kind {
        AUTO_KEY, MANUAL_KEY, MANUAL_KEY_FROM_SUBSCRIPTION, FEATURE_FLAG, DISCORD
    }

    enum Command {
        FULFILL_A, FULFILL_B, FULFILL_A_WITH_FUTURE_EXPIRY, FULFILL_A_WITH_PAST_EXPIRY,
        REPORT_DELIVERY, REPORT_FAILURE, REPORT_FAILURE_WITHOUT_CODE, REVOKE_MANUAL, REVOKE_REFUND,
        REVOKE_KEY_DISABLED, ENABLE_KEY, ROTATE_TO_C
    }

    /** The model's own status type: the test never reads the status through the code's enum to decide. */
    enum Status {
        PENDING, DELIVERED, FAILED, REVOKED
    }

    /** Whether the key a fulfill names equals the key the grant already delivered. */
    enum KeyMatch {
        SAME_KEY, OTHER_KEY
    }

    /**
     * What a revocation ended, as far as enabling the key cares: nothing (the grant is live), a delivery
     * ended because its key was disabled, or anything else.
     */
    enum Revocation {
        LIVE, KEY_DISABLED_AFTER_DELIVERY, OTHER
    }

    sealed interface Outcome {}

    record Moves(Status to, List<String> events) implements Outcome {}

    /** Succeeds and changes nothing: the idempotent repeats. */
    record Stays() implements Outcome {}

    record Rejected(ErrorCode code) implements Outcome {}

    /** Succeeds, stays in its status and raises nothing, but now delivers key C: a rotation. */
    record Rekeys() implements Outcome {}

    record Row(Set<Status> from, Set<Command> commands, Set<Kind> kinds, Set<KeyMatch> keys, Set<Revocation> revocations,
               Outcome outcome) {
        Row(Set<Status> from, Set<Command> commands, Set<Kind> kinds, Set<KeyMatch> keys, Outcome outcome) {
            this(from, commands, kinds, keys, EnumSet.allOf(Revocation.class), outcome);
        }

        boolean matches(Status status, Command command, Kind kind, KeyMatch key, Revocation revocation) {
            return from.contains(status) && commands.contains(command) && kinds.contains(kind) && keys.contains(key)
                    && revocations.contains(revocation);
        }
    }

    static final Set<Status> ANY_STATUS = EnumSet.allOf(Status.class);
    static final Set<Kind> ANY_KIND = EnumSet.allOf(Kind.class);
    static final Set<KeyMatch> ANY_KEY = EnumSet.allOf(KeyMatch.class);
    static final Set<Kind> KEY_KINDS = EnumSet.of(Kind.AUTO_KEY, Kind.MANUAL_KEY, Kind.MANUAL_KEY_FROM_SUBSCRIPTION);
    static final Set<Kind> MANUAL_KINDS = EnumSet.of(Kind.MANUAL_KEY, Kind.MANUAL_KEY_FROM_SUBSCRIPTION);
    static final Set<Kind> OTHER_KINDS = EnumSet.of(Kind.FEATURE_FLAG, Kind.DISCORD);
    static final Set<Command> FULFILLS = EnumSet.of(Command.FULFILL_A, Command.FULFILL_B,
            Command.FULFILL_A_WITH_FUTURE_EXPIRY, Command.FULFILL_A_WITH_PAST_EXPIRY);
    static final Set<Command> FULFILLS_WITH_EXPIRY = EnumSet.of(Command.FULFILL_A_WITH_FUTURE_EXPIRY,
            Command.FULFILL_A_WITH_PAST_EXPIRY);
    static final Set<Command> REVOKES = EnumSet.of(Command.REVOKE_MANUAL, Command.REVOKE_REFUND, Command.REVOKE_KEY_DISABLED);
    static final Set<Status> NOT_PENDING = EnumSet.of(Status.DELIVERED, Status.FAILED, Status.REVOKED);

    /**
     * The specification's grant table and the manual fulfillment rules, in their order: the first row that
     * matches decides, as "the first rule that fails decides the error".
     */
    static final List<Row> TABLE = List.of(
            // fulfillment rule 3: the body. expires_at on a subscription grant, or in the past
            new Row(ANY_STATUS, FULFILLS_WITH_EXPIRY, EnumSet.of(Kind.MANUAL_KEY_FROM_SUBSCRIPTION), ANY_KEY,
                    new Rejected(NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS)),
            new Row(ANY_STATUS, EnumSet.of(Command.FULFILL_A_WITH_PAST_EXPIRY), ANY_KIND, ANY_KEY, new Rejected(VALIDATION_FAILED)),
            // rule 4: a license_key grant, of an entitlement in manual mode
            new Row(ANY_STATUS, FULFILLS, OTHER_KINDS, ANY_KEY, new Rejected(NOT_A_LICENSE_KEY_GRANT)),
            new Row(ANY_STATUS, FULFILLS, EnumSet.of(Kind.AUTO_KEY), ANY_KEY, new Rejected(NOT_MANUAL_FULFILLMENT)),
            // rule 5: Pending; or Delivered with exactly this key, which succeeds again without change
            new Row(EnumSet.of(Status.PENDING), FULFILLS, MANUAL_KINDS, ANY_KEY,
                    new Moves(Status.DELIVERED, List.of("LicenseKeyCreated", "GrantDelivered"))),
            new Row(EnumSet.of(Status.DELIVERED), FULFILLS, MANUAL_KINDS, EnumSet.of(KeyMatch.SAME_KEY), new Stays()),
            new Row(NOT_PENDING, FULFILLS, MANUAL_KINDS, ANY_KEY, new Rejected(GRANT_NOT_PENDING)),
            // the host reports a delivery: never for license keys, only while Pending
            new Row(ANY_STATUS, EnumSet.of(Command.REPORT_DELIVERY), KEY_KINDS, ANY_KEY, new Rejected(NOT_A_LICENSE_KEY_GRANT)),
            // the reported part (a link) is an invite platform's: a feature flag's grant cannot show it
            new Row(ANY_STATUS, EnumSet.of(Command.REPORT_DELIVERY), EnumSet.of(Kind.FEATURE_FLAG), ANY_KEY, new Rejected(VALIDATION_FAILED)),
            new Row(EnumSet.of(Status.PENDING), EnumSet.of(Command.REPORT_DELIVERY), OTHER_KINDS, ANY_KEY,
                    new Moves(Status.DELIVERED, List.of("GrantDelivered"))),
            new Row(NOT_PENDING, EnumSet.of(Command.REPORT_DELIVERY), OTHER_KINDS, ANY_KEY, new Rejected(GRANT_NOT_PENDING)),
            // the host reports a failure: the body first, then only while Pending
            new Row(ANY_STATUS, EnumSet.of(Command.REPORT_FAILURE_WITHOUT_CODE), ANY_KIND, ANY_KEY, new Rejected(INVALID_REQUEST)),
            new Row(EnumSet.of(Status.PENDING), EnumSet.of(Command.REPORT_FAILURE), ANY_KIND, ANY_KEY,
                    new Moves(Status.FAILED, List.of("GrantFailed"))),
            new Row(NOT_PENDING, EnumSet.of(Command.REPORT_FAILURE), ANY_KIND, ANY_KEY, new Rejected(GRANT_NOT_PENDING)),
            // revocation from every live state; Revoked absorbs
            new Row(EnumSet.of(Status.PENDING, Status.DELIVERED, Status.FAILED), REVOKES, ANY_KIND, ANY_KEY,
                    new Moves(Status.REVOKED, List.of("GrantRevoked"))),
            new Row(EnumSet.of(Status.REVOKED), REVOKES, ANY_KIND, ANY_KEY, new Stays()),
            // enabling the key (license-keys.md, Dodo's rule): the one way out of Revoked, and only after the
            // key of a delivered grant was disabled; any other revocation is final
            new Row(ANY_STATUS, EnumSet.of(Command.ENABLE_KEY), OTHER_KINDS, ANY_KEY, new Rejected(NOT_A_LICENSE_KEY_GRANT)),
            new Row(EnumSet.of(Status.REVOKED), EnumSet.of(Command.ENABLE_KEY), KEY_KINDS, ANY_KEY,
                    EnumSet.of(Revocation.KEY_DISABLED_AFTER_DELIVERY), new Moves(Status.DELIVERED, List.of("GrantDelivered"))),
            new Row(EnumSet.of(Status.REVOKED), EnumSet.of(Command.ENABLE_KEY), KEY_KINDS, ANY_KEY, new Rejected(GRANT_REVOKED)),
            new Row(EnumSet.of(Status.DELIVERED), EnumSet.of(Command.ENABLE_KEY), KEY_KINDS, ANY_KEY, new Stays()),
            new Row(EnumSet.of(Status.PENDING, Status.FAILED), EnumSet.of(Command.ENABLE_KEY), KEY_KINDS, ANY_KEY,
                    new Rejected(LICENSE_KEY_NOT_FOUND)),
            // rotation: only a delivered key, which keeps its grant Delivered and raises no grant event
            new Row(EnumSet.of(Status.DELIVERED), EnumSet.of(Command.ROTATE_TO_C), KEY_KINDS, ANY_KEY, new Rekeys()),
            new Row(ANY_STATUS, EnumSet.of(Command.ROTATE_TO_C), ANY_KIND, ANY_KEY, new Rejected(LICENSE_KEY_NOT_ROTATABLE)));

    /** The issue rows of the specification's table. */
    static Moves issueOutcome(Kind kind) {
        return switch (kind) {
            case AUTO_KEY -> new Moves(Status.DELIVERED,
                    List.of("GrantCreated", "LicenseKeyCreated", "GrantDelivered"));
            case FEATURE_FLAG -> new Moves(Status.DELIVERED, List.of("GrantCreated", "GrantDelivered"));
            case MANUAL_KEY, MANUAL_KEY_FROM_SUBSCRIPTION, DISCORD -> new Moves(Status.PENDING, List.of("GrantCreated"));
        };
    }

    static Outcome expected(Status status, Command command, Kind kind, KeyMatch key, Revocation revocation) {
        return TABLE.stream().filter(r -> r.matches(status, command, kind, key, revocation)).findFirst()
                .orElseThrow(() -> new AssertionError("the table has no row for " + status + " " + command + " " + kind
                        + " " + key + " " + revocation))
                .outcome();
    }

    static Revocation revocationOf(Model m) {
        if (m.status() != Status.REVOKED) {
            return Revocation.LIVE;
        }
        return m.reason().contains(RevocationReason.LICENSE_KEY_DISABLED) && m.deliveredAt().isDefined()
                ? Revocation.KEY_DISABLED_AFTER_DELIVERY : Revocation.OTHER;
    }

    /** What the model remembers of a grant, updated only from {@link #TABLE}'s outcomes. */
    record Model(Kind kind, Status status, Option<LicenseKeyValue> key, Option<Instant> deliveredAt,
                 Option<Instant> failedAt, Option<Instant> revokedAt, Option<RevocationReason> reason, Instant updatedAt) {}

    static final DeliveryPayload REPORTED = new DeliveryPayload(Option.none(),
            Option.some(new OAuthAccess("https://discord.example/invite/abc", Option.none())), Option.none());
    static final int SEED_COMMANDS = Command.values().length;

    private final Command[] path = new Command[MAX_LENGTH];
    private Kind currentKind;
    private Grant first;
    private int depthNow;
    private int limit = MAX_LENGTH;
    private long sequences;

    @Test
    void every_sequence_of_commands_follows_the_specification_table() {
        long started = System.nanoTime();
        try {
            enumerate(MAX_LENGTH);
        } catch (AssertionError failure) {
            throw shortestFailure(failure);
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("grant lifecycle model: %,d command sequences of length 1..%d enumerated in %d ms%n",
                sequences, MAX_LENGTH, millis);

        long expected = 0;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            expected += Kind.values().length * pow(SEED_COMMANDS, length - 1);
        }
        if (MAX_LENGTH == 6) {
            // 5 issues, then 12 commands per step: 5 * (1 + 12 + 144 + 1728 + 20736 + 248832) = 1,357,265
            assertThat(expected).isEqualTo(1_357_265L);
        }
        assertThat(sequences).isEqualTo(expected);
    }

    /** The walk meets a long sequence first; report the shortest one that fails, which is easier to read. */
    private AssertionError shortestFailure(AssertionError found) {
        for (int length = 1; length < MAX_LENGTH; length++) {
            try {
                enumerate(length);
            } catch (AssertionError shorter) {
                return shorter;
            }
        }
        return found;
    }

    private void enumerate(int maxLength) {
        limit = maxLength;
        sequences = 0;
        for (Kind kind : Kind.values()) {
            currentKind = kind;
            depthNow = 0;
            Instant at = instant(0);
            var entitlement = Examples.entitlement(config(kind));
            Either<GrantorError, GrantChange> result = Grant.issue(Examples.issue(origin(kind)), entitlement, at);
            check(result.isRight(), () -> "issue was rejected: " + result);
            var change = result.get();
            first = change.grant();
            var outcome = issueOutcome(kind);
            var model = new Model(kind, outcome.to(), kind == Kind.AUTO_KEY ? Option.some(GENERATED_KEY) : Option.none(),
                    outcome.to() == Status.DELIVERED ? Option.some(at) : Option.none(),
                    Option.none(), Option.none(), Option.none(), at);
            checkEvents(change, outcome.events(), at, 0);
            checkCreatedKey(change, model, Option.none(), at, 0);
            check(change.events().head() instanceof GrantEvent.GrantCreated created
                    && created.grant().status() == GrantStatus.PENDING, () -> "created carries the grant as it was issued: Pending");
            checkGrant(change.grant(), model, 0);
            sequences++;
            walk(change.grant(), entitlement, model, 1);
        }
    }

    @Test
    void the_table_decides_every_situation() {
        for (Status status : Status.values()) {
            for (Command command : Command.values()) {
                for (Kind kind : Kind.values()) {
                    for (KeyMatch key : KeyMatch.values()) {
                        for (Revocation revocation : Revocation.values()) {
                            assertThat(expected(status, command, kind, key, revocation)).isNotNull();
                        }
                    }
                }
            }
        }
    }

    private void walk(Grant before, Entitlement entitlement, Model model, int depth) {
        if (depth >= limit) {
            return;
        }
        Instant at = instant(depth);
        for (Command command : Command.values()) {
            path[depth] = command;
            depthNow = depth;
            sequences++;
            var keyMatch = model.key().contains(keyOf(command)) ? KeyMatch.SAME_KEY : KeyMatch.OTHER_KEY;
            var outcome = expected(model.status(), command, model.kind(), keyMatch, revocationOf(model));
            var result = run(command, before, entitlement, at);
            // Revoked absorbs, whatever the table says, except that enabling the key brings back a delivery
            // ended by disabling that key
            boolean mayLeaveRevoked = command == Command.ENABLE_KEY && revocationOf(model) == Revocation.KEY_DISABLED_AFTER_DELIVERY;
            check(model.status() != Status.REVOKED || mayLeaveRevoked || result.isLeft() || result.get().grant().equals(before),
                    () -> "a revoked grant moved to " + result.get().grant());
            switch (outcome) {
                case Rejected(var code) -> {
                    check(result.isLeft(), () -> "expected " + code + " but got " + result.map(c -> c.grant().status()));
                    check(result.getLeft().code() == code, () -> "expected " + code + " but got " + result.getLeft());
                    // a rejected command leaves the grant as it was: the walk goes on from `before` itself
                    walk(before, entitlement, model, depth + 1);
                }
                case Stays() -> {
                    check(result.isRight(), () -> "expected an idempotent success but got " + result.getLeft());
                    var change = result.get();
                    check(change.grant().equals(before), () -> "an idempotent repeat changed the grant: " + change.grant());
                    check(change.events().isEmpty() && !change.changed(), () -> "an idempotent repeat raised " + change.events());
                    check(change.createdKey().isEmpty(), () -> "an idempotent repeat created a key");
                    checkGrant(change.grant(), model, depth);
                    walk(change.grant(), entitlement, model, depth + 1);
                }
                case Rekeys() -> {
                    check(result.isRight(), () -> "expected a rotation but got " + result.getLeft());
                    var change = result.get();
                    check(change.events().isEmpty() && change.createdKey().isEmpty(), () -> "a rotation raised " + change.events());
                    var next = new Model(model.kind(), model.status(), Option.some(Examples.KEY_C), model.deliveredAt(),
                            model.failedAt(), model.revokedAt(), model.reason(), at);
                    check(change.grant().licenseKeyId().equals(before.licenseKeyId()), () -> "a rotation changed the key id");
                    checkGrant(change.grant(), next, depth);
                    walk(change.grant(), entitlement, next, depth + 1);
                }
                case Moves moves -> {
                    check(result.isRight(), () -> "expected " + moves.to() + " but got " + result.getLeft());
                    var change = result.get();
                    var next = advance(model, command, moves.to(), at);
                    checkEvents(change, moves.events(), at, depth);
                    checkCreatedKey(change, next, Option.of(command), at, depth);
                    checkGrant(change.grant(), next, depth);
                    walk(change.grant(), entitlement, next, depth + 1);
                }
            }
        }
    }

    private static Model advance(Model m, Command command, Status to, Instant at) {
        return switch (command) {
            case FULFILL_A, FULFILL_B, FULFILL_A_WITH_FUTURE_EXPIRY, FULFILL_A_WITH_PAST_EXPIRY ->
                    new Model(m.kind(), to, Option.some(keyOf(command)), Option.some(at), m.failedAt(), m.revokedAt(), m.reason(), at);
            case REPORT_DELIVERY -> new Model(m.kind(), to, m.key(), Option.some(at), m.failedAt(), m.revokedAt(), m.reason(), at);
            case REPORT_FAILURE, REPORT_FAILURE_WITHOUT_CODE ->
                    new Model(m.kind(), to, m.key(), m.deliveredAt(), Option.some(at), m.revokedAt(), m.reason(), at);
            case REVOKE_MANUAL, REVOKE_REFUND, REVOKE_KEY_DISABLED ->
                    new Model(m.kind(), to, m.key(), m.deliveredAt(), m.failedAt(), Option.some(at), Option.some(reasonOf(command)), at);
            // back to the delivery it had: delivered_at kept, the revocation forgotten
            case ENABLE_KEY -> new Model(m.kind(), to, m.key(), m.deliveredAt(), m.failedAt(), Option.none(), Option.none(), at);
            case ROTATE_TO_C -> throw new AssertionError("a rotation does not move the lifecycle");
        };
    }

    private static Either<GrantorError, GrantChange> run(Command command, Grant grant, Entitlement entitlement, Instant at) {
        return switch (command) {
            case FULFILL_A, FULFILL_B -> grant.fulfill(entitlement, Examples.terms(keyOf(command)), MANUAL_KEY_ID, at);
            case FULFILL_A_WITH_FUTURE_EXPIRY -> grant.fulfill(entitlement,
                    new FulfillmentTerms(KEY_A, Option.none(), Option.some(futureExpiry(at))), MANUAL_KEY_ID, at);
            case FULFILL_A_WITH_PAST_EXPIRY -> grant.fulfill(entitlement,
                    new FulfillmentTerms(KEY_A, Option.none(), Option.some(at.minus(Duration.ofDays(1)))), MANUAL_KEY_ID, at);
            case REPORT_DELIVERY -> grant.reportDelivery(REPORTED, at);
            case REPORT_FAILURE -> grant.reportFailure("discord_unreachable", "Discord answered 503", at);
            case REPORT_FAILURE_WITHOUT_CODE -> grant.reportFailure("  ", "Discord answered 503", at);
            case REVOKE_MANUAL, REVOKE_REFUND, REVOKE_KEY_DISABLED -> Either.right(grant.revoke(reasonOf(command), at));
            case ENABLE_KEY -> grant.enableKey(at);
            case ROTATE_TO_C -> grant.rekey(Examples.KEY_C, at).map(g -> new GrantChange(g, Option.none(), io.vavr.collection.List.empty()));
        };
    }

    // ---- invariants -------------------------------------------------------------------------------

    private void checkGrant(Grant g, Model m, int depth) {
        check(g.status().name().equals(m.status().name()), () -> "status " + g.status() + ", the table says " + m.status());
        // identity and bookkeeping never move
        check(g.id().equals(first.id()) && g.businessId().equals(first.businessId()) && g.brandId().equals(first.brandId())
                && g.customerId().equals(first.customerId()) && g.entitlementId().equals(first.entitlementId())
                && g.integrationType() == first.integrationType() && g.origin().equals(first.origin())
                && g.metadata().equals(first.metadata()) && g.createdAt().equals(first.createdAt())
                && g.version() == first.version(), () -> "identity or version changed: " + g);
        check(g.updatedAt().equals(m.updatedAt()), () -> "updated_at " + g.updatedAt() + ", expected " + m.updatedAt());
        // delivered_at is set iff the grant was delivered once, and kept through revocation
        check(g.deliveredAt().equals(m.deliveredAt()), () -> "delivered_at " + g.deliveredAt() + ", expected " + m.deliveredAt());
        check(g.failure().map(GrantState.Failed::failedAt).equals(m.failedAt()), () -> "failure " + g.failure());
        check(g.revocation().map(GrantState.Revoked::revokedAt).equals(m.revokedAt())
                && g.revocation().map(GrantState.Revoked::reason).equals(m.reason()), () -> "revocation " + g.revocation());
        Option<LicenseKeyValue> deliveredKey = g.delivered().map(Delivered::delivery)
                .flatMap(d -> d instanceof KeyDelivery k ? Option.some(k.key()) : Option.none());
        check(deliveredKey.equals(m.key()), () -> "delivered key " + deliveredKey + ", expected " + m.key());
        check(g.licenseKeyId().isDefined() == m.key().isDefined(), () -> "license key id " + g.licenseKeyId());
        boolean keyKind = KEY_KINDS.contains(m.kind());
        check(!keyKind || g.payload().isEmpty(), () -> "a license-key grant carries a payload");
        if (m.kind() == Kind.DISCORD) {
            check(g.payload().equals(m.deliveredAt().map(x -> REPORTED)), () -> "payload " + g.payload());
        }
        if (m.kind() == Kind.FEATURE_FLAG) {
            check(g.payload().flatMap(DeliveryPayload::feature).map(DeliveryPayload.Feature::featureId).contains(FEATURE.featureId()),
                    () -> "feature " + g.payload());
        }
        check(g.status() != GrantStatus.REVOKED || g.revocation().isDefined(), () -> "Revoked without revocation");
    }

    private void checkEvents(GrantChange change, List<String> expected, Instant at, int depth) {
        var types = change.events().map(event -> event.getClass().getSimpleName()).toJavaList();
        check(types.equals(expected), () -> "events " + types + ", expected " + expected);
        check(change.changed(), () -> "a change with events says it changed nothing");
        for (GrantorEvent event : change.events()) {
            check(event.occurredAt().equals(at), () -> event.getClass().getSimpleName() + " occurred at " + event.occurredAt() + ", not " + at);
            check(event.businessId().equals(first.businessId()), () -> event.getClass().getSimpleName() + " of another business");
        }
        // every lifecycle event but created carries the grant as it now is
        change.events().filter(e -> e instanceof GrantEvent && !(e instanceof GrantEvent.GrantCreated))
                .forEach(e -> check(((GrantEvent) e).grant().equals(change.grant()), () -> e.getClass().getSimpleName() + " carries a stale grant"));
    }

    private void checkCreatedKey(GrantChange change, Model m, Option<Command> command, Instant at, int depth) {
        boolean announced = change.events().exists(e -> e instanceof LicenseKeyCreated);
        check(change.createdKey().isDefined() == announced, () -> "created key " + change.createdKey() + " vs events " + change.events());
        if (change.createdKey().isEmpty()) {
            return;
        }
        LicenseKey key = change.createdKey().get();
        check(change.events().find(e -> e instanceof LicenseKeyCreated).map(e -> ((LicenseKeyCreated) e).licenseKey()).contains(key),
                () -> "LicenseKeyCreated carries another key");
        check(key.value().equals(m.key().get()), () -> "key value " + key.value());
        check(key.grantId().contains(first.id()) && key.customerId().equals(first.customerId())
                && key.entitlementId().equals(first.entitlementId()) && key.businessId().equals(first.businessId()),
                () -> "the key belongs elsewhere: " + key);
        check(Option.some(key.id()).equals(change.grant().licenseKeyId()), () -> "grant names key " + change.grant().licenseKeyId());
        check(key.source() == (m.kind() == Kind.AUTO_KEY ? LicenseKeySource.AUTO : LicenseKeySource.MANUAL), () -> "source " + key.source());
        check(key.id().equals(m.kind() == Kind.AUTO_KEY ? GENERATED_KEY_ID : MANUAL_KEY_ID), () -> "key id " + key.id());
        var config = m.kind() == Kind.AUTO_KEY ? AUTO_KEYS : MANUAL_KEYS;
        check(key.activationsLimit().equals(config.activationsLimit()), () -> "activations limit " + key.activationsLimit());
        Option<Instant> expiry = m.kind() == Kind.MANUAL_KEY_FROM_SUBSCRIPTION ? Option.none()
                : command.contains(Command.FULFILL_A_WITH_FUTURE_EXPIRY) ? Option.some(futureExpiry(at))
                : Option.some(at.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
        check(key.expiresAt().equals(expiry), () -> "expires_at " + key.expiresAt() + ", expected " + expiry);
        check(key.instances().isEmpty() && key.statusAt(at) == LicenseKeyStatus.ACTIVE, () -> "a new key is active and unused");
    }

    private void check(boolean condition, Supplier<String> problem) {
        if (!condition) {
            var sequence = new ArrayList<String>();
            sequence.add("issue " + currentKind);
            for (int i = 1; i <= depthNow; i++) {
                sequence.add(path[i].name());
            }
            throw new AssertionError(problem.get() + "\n  in the sequence " + sequence + " (the last step failed)");
        }
    }

    // ---- the scene ------------------------------------------------------------------------------------

    /** Time moves on by an hour per step, so each step's effects carry their own instant. */
    private static Instant instant(int step) {
        return T0.plus(Duration.ofHours(step));
    }

    private static Instant futureExpiry(Instant at) {
        return at.plus(Duration.ofDays(30));
    }

    private static IntegrationConfig config(Kind kind) {
        return switch (kind) {
            case AUTO_KEY -> AUTO_KEYS;
            case MANUAL_KEY, MANUAL_KEY_FROM_SUBSCRIPTION -> MANUAL_KEYS;
            case FEATURE_FLAG -> FEATURE;
            case DISCORD -> DISCORD;
        };
    }

    private static GrantOrigin origin(Kind kind) {
        return switch (kind) {
            case MANUAL_KEY_FROM_SUBSCRIPTION -> Examples.subscription();
            case FEATURE_FLAG -> new GrantOrigin.Direct();
            case AUTO_KEY, MANUAL_KEY, DISCORD -> Examples.payment();
        };
    }

    private static LicenseKeyValue keyOf(Command command) {
        return command == Command.FULFILL_B ? KEY_B : KEY_A;
    }

    private static RevocationReason reasonOf(Command command) {
        return switch (command) {
            case REVOKE_REFUND -> RevocationReason.REFUND;
            case REVOKE_KEY_DISABLED -> RevocationReason.LICENSE_KEY_DISABLED;
            default -> RevocationReason.MANUAL;
        };
    }

    private static long pow(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }
}
