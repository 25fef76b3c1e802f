package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The console's operators and the audit trail: what they did, and the histories the console shows (a customer's names
 * its API and host changes too, {@link Actor}).
 */
public interface OperatorAccess {

    /**
     * What an operator may do in the console: an {@link #OPERATOR} changes things, a {@link #VIEWER} reads every page and
     * changes nothing ({@link OperatorAccess#mayChange} applies it). A host, the command line and the console name a
     * role by this; the store keeps its own record of it behind its port.
     */
    enum Role {
        /** Reads and acts: fulfills, revokes, fills from pools, retries, requeues. Every operator had it before roles. */
        OPERATOR,
        /** Reads every page and changes nothing: support staff looking a customer's grant up. */
        VIEWER;

        /** As the command line, the console and the audit trail write it: {@code operator}, {@code viewer}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A role's {@link #wire} name, in any case and with spaces around it; none for any other text. */
        public static Option<Role> parse(String text) {
            return Option.of(text).map(t -> t.strip().toLowerCase(Locale.ROOT))
                    .flatMap(t -> List.of(values()).find(r -> r.wire().equals(t)));
        }
    }

    /**
     * An operator as shown; {@code removedAt} is when it lost console access, none while it has it; {@code role} what it
     * may do there.
     */
    record Operator(String id, BusinessId business, String email, Instant createdAt, Option<Instant> removedAt, Role role) {
        public Operator withRemovedAt(Option<Instant> at) {
            return new Operator(id, business, email, createdAt, at, role);
        }

        /** The role as the command line and the console write it ({@code operator}, {@code viewer}), for the driving adapters. */
        public String roleName() {
            return role.wire();
        }
    }

    /** The operator a role change found, with the role it had before ({@code previous}); equal roles changed nothing. */
    record RoleChange(Operator operator, Role previous) {
        public boolean changed() {
            return previous != operator.role();
        }
    }

    /** The operator a removal found, and whether it had been removed before it ({@code already}): then nothing changed. */
    record Removal(Operator operator, boolean already) {}

    /** One thing an operator did. */
    record Action(String actor, String action, String subject, String detail, Instant at) {}

    /**
     * {@code VALIDATION_FAILED} for a malformed email, {@code NOT_FOUND} for an unknown business; adding twice answers
     * the same operator. Adding a removed operator's address gives it access back under its old id, so the history
     * of what it did stays one person's. {@code role}: a new operator's role ({@link Role#OPERATOR} when none); for an
     * existing one, its role is set to it, and kept when none.
     */
    Either<GrantorError, Operator> add(BusinessId business, String email, Option<Role> role);

    /** Adds an operator with the {@link Role#OPERATOR} role, or answers the existing one with its role unchanged. */
    default Either<GrantorError, Operator> add(BusinessId business, String email) {
        return add(business, email, Option.none());
    }

    /**
     * Sets the role of the business's operator {@code operator} (its id, or its email address in any case: then of
     * every operator of the business with that address, as {@link #remove} does; the change names the first). A
     * removed operator keeps the role for when it is added back. It takes effect on the operator's next request (the
     * console reads the role with the session, {@link SignIn.Identity#mayChange}), and a change already under way
     * settles first ({@link #recorded}). {@code NOT_FOUND} for an unknown business or operator.
     */
    Either<GrantorError, RoleChange> changeRole(BusinessId business, String operator, Role role);

    /** What a viewer is told when it tries to change something: what it may do, and who can give it more. */
    static GrantorError readOnly() {
        return new GrantorError.Forbidden("your role in this console is viewer: you can look at every page but not change"
                + " anything. Ask the business's owner to make you an operator (grantor operators set-role)");
    }

    /**
     * Whether {@code actor}, the subject of a console session of the business, may change anything there: the owner
     * (a command-line link) and an operator with the {@link Role#OPERATOR} role may; a viewer, a removed operator or
     * an unknown subject answer {@code FORBIDDEN}. Every console write asks it: {@link #recorded} before it runs.
     */
    Either<GrantorError, String> mayChange(BusinessId business, String actor);

    /**
     * Takes console access away from the business's operator {@code operator} (its id, or its email address in any
     * case: then from every operator of the business with that address, as a database from before addresses were matched
     * whatever their case may hold two; the removal names the first), in one unit: it can no longer have links emailed (its address then answers as an unknown one does),
     * its open sessions end and the links minted for it stop working. Its row stays, so history keeps naming it.
     * Removing a removed one changes nothing and says so. {@code NOT_FOUND} for an unknown business or operator.
     */
    Either<GrantorError, Removal> remove(BusinessId business, String operator);

    /** Removed operators too; {@code NOT_FOUND} for an unknown business. */
    Either<GrantorError, List<Operator>> list(BusinessId business);

    /** Removed or not: history keeps naming its actors. */
    Option<Operator> find(BusinessId business, String operatorId);

    /** Every business where the address is a (not removed) operator's, with that operator; none for an unknown or malformed one. */
    List<Operator> withEmail(String email);

    /** How many sign-in links one address may be emailed in an hour, across every business where it is an operator's. */
    int LINKS_PER_HOUR = 5;

    /** The rolling span {@link #LINKS_PER_HOUR} counts over. */
    java.time.Duration LINKS_COUNTED_FOR = java.time.Duration.ofHours(1);

    /** How many sign-in link requests one client may make in a minute, whatever addresses it types. */
    int LINK_REQUESTS_PER_CLIENT_PER_MINUTE = 6;

    /**
     * The answer to "email me a sign-in link": the same for an operator's address, an unknown or a malformed one. Only
     * the client's own flood is told ({@code Throttled}), and that answer does not depend on the address either.
     */
    sealed interface LinkRequest {
        record Accepted() implements LinkRequest {}

        record Throttled(java.time.Duration retryAfter) implements LinkRequest {}
    }

    /**
     * Queues a one-time console link ({@code linkPrefix} followed by the link's secret) for the operator with this address
     * in each business where there is one, in the outbox: the relay emails it once that unit has committed. The request
     * counts the client and answers; the address is looked up, and the links and emails written, after the answer, on
     * the engine's worker ({@link dev.grantor.application.background.AfterTheAnswer}), so neither the answer nor its
     * time depends on the address. Each email counts against the address, at most {@value #LINKS_PER_HOUR} in any hour;
     * past it nothing is sent, and the answer is the same. Each request also counts against the client
     * ({@code clientAddress}, the request's peer or what a trusted proxy says it is; the addresses of one IPv6 /64 are
     * one client, {@link ClientNetwork}), at most {@value #LINK_REQUESTS_PER_CLIENT_PER_MINUTE} in any minute: past it,
     * {@code Throttled} before the address is looked at. {@code Throttled} for a minute too, for every address and
     * before anything is counted, while the console's places or the client's site's share of them are all taken
     * (portal requests never take them).
     */
    LinkRequest emailSignInLinks(String email, String linkPrefix, String clientAddress);

    /** What an operator does, as the audit trail keeps it: the action, what it is done to (a grant id...), details. */
    record Note(String action, String subject, String detail) {}

    /**
     * What a {@link #recorded} change did, with the use case's answer: {@code Changed} when a unit of work committed a
     * change, and its entry with it; {@code Unchanged} when the use case answered without changing anything (a revoked
     * grant revoked again, an email due already sent now), and then nothing is recorded.
     */
    sealed interface Outcome<R> {
        R value();

        record Changed<R>(R value) implements Outcome<R> {}

        record Unchanged<R>(R value) implements Outcome<R> {}
    }

    /**
     * Runs {@code change}, one use case called for {@code actor}, and records the note in the same unit of work as the
     * change it makes: a change that commits always has its entry, one that does not (a refusal, a crash) has none, and
     * neither has one that changed nothing ({@link Outcome.Unchanged}). An actor who {@link #mayChange may not change}
     * anything gets that refusal, and {@code change} is not run. The rule is asked again inside the unit that commits the
     * change, holding the operator's row there: a role change or removal that commits before that unit refuses the
     * change, one that comes later waits for it.
     */
    <R> Either<GrantorError, Outcome<R>> recorded(BusinessId business, String actor, Note note,
                                                  Supplier<Either<GrantorError, R>> change);

    /**
     * {@link #recorded} for a use case that writes its own audit entry, given the actor (a customer's change: {@link
     * CustomerManagement}): the same rule, asked before {@code change} runs and again inside its first unit of work,
     * holding the operator's row; no note.
     */
    <R> Either<GrantorError, R> allowed(BusinessId business, String actor, Supplier<Either<GrantorError, R>> change);

    /** What was done to {@code subject}, oldest first; {@link Action#actor()} is {@link Actor#recorded()}. */
    List<Action> actionsOn(BusinessId business, String subject);

    /**
     * A page of a subject's history, newest first; {@code older}: where the next page starts, none on the last page.
     * Its first entry is number {@code before.shown() + 1} of the reading, counted from the newest.
     */
    record History(List<Action> actions, Option<Older> older) {}

    /**
     * What was done to {@code subject}, newest first (by time, then entry), at most {@code limit} (1 to
     * {@link PageLimits#MOST_PER_PAGE}), from the newest or from just past {@code before}: read by position, not by
     * count, so an entry written meanwhile neither repeats nor hides one on the next page. {@code VALIDATION_FAILED} for
     * a limit outside those bounds.
     */
    Either<GrantorError, History> history(BusinessId business, String subject, Option<Older> before, int limit);

    /**
     * The changes of who may enter a business's console or call its API, as the audit trail names them ({@link
     * Action#action()}; the subject is the operator's or the API key's id). Each is written in the unit of work of the
     * change. An operator's, by {@link #add}, {@link #remove} and {@link #changeRole}, with the owner ({@link
     * SignIn#OWNER}) as the actor: those are the command line's, and the command line is the owner's tool. An API
     * key's, by {@link Access#createApiKey} and {@link AccessAdministration}'s {@code rename} and {@code revoke}, with
     * the {@link Actor} the caller names (the command line names the owner; a host's call that names none is the
     * host's). A call that changes nothing writes none.
     */
    enum AccessChange {
        /** A new operator; the detail names its role. */
        ADDED("added an operator"),
        /** A removed operator's address added again; the detail names its role, and the one before when it changed. */
        ACCESS_GIVEN_BACK("gave an operator access back"),
        REMOVED("removed an operator"),
        /** The detail names the role before and after. */
        ROLE_CHANGED("changed an operator's role"),
        /** The detail names what the key may do and the name it was given, if any. */
        API_KEY_CREATED("created an API key"),
        /** The detail names the name before and after ("no name" for none). */
        API_KEY_RENAMED("renamed an API key"),
        /** The detail names what the key could do and the name it had, if any. */
        API_KEY_REVOKED("revoked an API key");

        private final String action;

        AccessChange(String action) {
            this.action = action;
        }

        public String action() {
            return action;
        }
    }

    /**
     * A page of access changes, newest first; {@code older}: where the next page starts, none on the last page.
     * {@code operators} are the business's operators the history is read for (removed ones too), as they were when it
     * was read, so a reader names the changes' subjects and actors by them without reading them again; {@code apiKeys}
     * its API keys (revoked ones too), likewise, with the names they have now.
     */
    record AccessChanges(List<Operator> operators, List<KeyHolder> apiKeys, List<Action> changes, Option<Older> older) {}

    /** An API key as a history names it: its id, and its name now if it has one. */
    record KeyHolder(String id, Option<String> name) {}

    /**
     * The history of who may enter the business's console or call its API ({@link AccessChange}s of its operators and
     * API keys, removed and revoked ones too), newest first (by time, then entry), at most {@code limit} (1 to
     * {@link PageLimits#MOST_PER_PAGE}), from the newest or from just past {@code before}: read by position, as
     * {@link #history} is, so a change made while someone pages neither repeats nor hides one on the next page.
     * {@code NOT_FOUND} for an unknown business, {@code VALIDATION_FAILED} for a limit outside those bounds.
     */
    Either<GrantorError, AccessChanges> accessChanges(BusinessId business, Option<Older> before, int limit);
}
