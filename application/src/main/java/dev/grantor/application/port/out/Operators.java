package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Locale;

/**
 * A business's staff who may sign in to the console: an email address per business. A removed operator keeps its row,
 * marked, because audit entries name operators by id and must go on saying who acted.
 */
public interface Operators {

    /**
     * What an operator may do in the console, as the store keeps it. The one rule: only an {@link #OPERATOR} changes
     * anything; a {@link #VIEWER} reads every page and changes nothing. The use cases answer and take the primary
     * port's role ({@code OperatorAccess.Role}), so that a host calling them never reaches into this port.
     */
    enum Role {
        /** Reads and acts: fulfills, revokes, fills from pools, retries, requeues. Every operator had it before roles. */
        OPERATOR,
        /** Reads every page and changes nothing: support staff looking a customer's grant up. */
        VIEWER;

        public boolean mayChange() {
            return this == OPERATOR;
        }

        /** As stored: {@code operator}, {@code viewer}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Option<Role> parse(String text) {
            return Option.of(text).map(t -> t.strip().toLowerCase(Locale.ROOT))
                    .flatMap(t -> List.of(values()).find(r -> r.wire().equals(t)));
        }
    }

    /** {@code removedAt} is when the operator lost console access; none while it has it. */
    record Operator(String id, BusinessId business, EmailAddress email, Instant createdAt, Option<Instant> removedAt,
                    Role role) {
        public Operator {
            if (id == null || business == null || email == null || createdAt == null || removedAt == null || role == null) {
                throw new IllegalArgumentException("an operator needs every fact, absent ones as Option.none()");
            }
        }

        /** An operator with access and the {@link Role#OPERATOR} role. */
        public Operator(String id, BusinessId business, EmailAddress email, Instant createdAt) {
            this(id, business, email, createdAt, Option.none(), Role.OPERATOR);
        }

        public boolean removed() {
            return removedAt.isDefined();
        }

        /** The one rule of who may change anything in the console: an operator with access and a role that allows it. */
        public boolean mayChange() {
            return !removed() && role.mayChange();
        }

        public Operator withRemovedAt(Option<Instant> at) {
            return new Operator(id, business, email, createdAt, at, role);
        }

        public Operator withRole(Role newRole) {
            return new Operator(id, business, email, createdAt, removedAt, newRole);
        }
    }

    /**
     * Throws {@link DuplicateRecord} ({@code OPERATOR_EMAIL}) when the business has an operator with this email address
     * as written: two units adding one address race, and the loser runs again and finds the winner's.
     */
    void insert(Operator operator);

    /** Removed or not. */
    Option<Operator> find(BusinessId business, String id);

    /**
     * {@link #find}, in the caller's unit of work, holding the row until that unit ends: a role change or a removal of
     * the operator waits for the unit, so a change made under the role the unit read commits before any change of that
     * role, never after it. Where the store lets writers run together, units that only hold the row do not wait for
     * each other.
     */
    Option<Operator> hold(BusinessId business, String id);

    /**
     * The operators who may sign in with this address, across businesses, oldest first: one person may work for
     * several. Removed ones are left out. Addresses match as customers' do, by {@link EmailAddress#matchKey()}:
     * whatever the case the operator types.
     */
    List<Operator> withEmail(EmailAddress email);

    /** Removed ones too, oldest first. */
    List<Operator> list(BusinessId business);

    /**
     * Sets when the business's operator {@code id} lost access ({@code removedAt}), or gives it back (none). False
     * when the business has no such operator.
     */
    boolean markRemoved(BusinessId business, String id, Option<Instant> removedAt);

    /** Sets the role of the business's operator {@code id}, removed or not. False when the business has no such operator. */
    boolean changeRole(BusinessId business, String id, Role role);
}
