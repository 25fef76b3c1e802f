package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Operators;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Comparator;

/** Operators and the audit trail of their actions. */
final class InMemoryOperators implements Operators, AuditTrail {

    private static final Slot<Map<String, Operator>> OPERATORS = new Slot<>("operators", HashMap.empty());
    private static final Slot<List<AuditEntry>> AUDIT = new Slot<>("audit entries", List.empty());

    private final InMemoryTransactions tx;

    InMemoryOperators(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Operator operator) {
        tx.apply(t -> {
            var rows = t.get(OPERATORS);
            if (rows.containsKey(operator.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "operator " + operator.id() + " exists");
            }
            if (rows.values().exists(o -> o.business().equals(operator.business()) && o.email().equals(operator.email()))) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OPERATOR_EMAIL, "the business has an operator with this email");
            }
            return t.with(OPERATORS, rows.put(operator.id(), operator));
        });
    }

    @Override
    public Option<Operator> find(BusinessId business, String id) {
        return tx.query(t -> t.get(OPERATORS).get(id).filter(o -> o.business().equals(business)));
    }

    /** The store's units take turns: a unit holds everything it reads. */
    @Override
    public Option<Operator> hold(BusinessId business, String id) {
        return find(business, id);
    }

    @Override
    public List<Operator> withEmail(EmailAddress email) {
        return tx.query(t -> oldestFirst(t.get(OPERATORS).values().toList().filter(o -> !o.removed()
                && o.email().matchKey().equals(email.matchKey()))));
    }

    @Override
    public List<Operator> list(BusinessId business) {
        return tx.query(t -> oldestFirst(t.get(OPERATORS).values().toList().filter(o -> o.business().equals(business))));
    }

    @Override
    public boolean markRemoved(BusinessId business, String id, Option<Instant> removedAt) {
        return tx.change(t -> {
            var row = t.get(OPERATORS).get(id).filter(o -> o.business().equals(business));
            if (row.isEmpty()) {
                return Tuple.of(false, t);
            }
            return Tuple.of(true, t.with(OPERATORS, t.get(OPERATORS).put(id, row.get().withRemovedAt(removedAt))));
        });
    }

    @Override
    public boolean changeRole(BusinessId business, String id, Role role) {
        return tx.change(t -> {
            var row = t.get(OPERATORS).get(id).filter(o -> o.business().equals(business));
            if (row.isEmpty()) {
                return Tuple.of(false, t);
            }
            return Tuple.of(true, t.with(OPERATORS, t.get(OPERATORS).put(id, row.get().withRole(role))));
        });
    }

    @Override
    public void append(AuditEntry entry) {
        tx.apply(t -> t.with(AUDIT, t.get(AUDIT).append(entry)));
    }

    @Override
    public List<AuditEntry> about(BusinessId business, String subject) {
        return tx.query(t -> t.get(AUDIT).filter(e -> e.business().equals(business) && e.subject().equals(subject))
                .sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id)));
    }

    @Override
    public List<AuditEntry> latestAbout(BusinessId business, String subject, Option<Before> before, int limit) {
        Comparator<AuditEntry> order = Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id);
        return tx.query(t -> t.get(AUDIT).filter(e -> e.business().equals(business) && e.subject().equals(subject))
                .filter(e -> before.forAll(b -> b.admits(e.at(), e.id())))
                .sorted(order.reversed())
                .take(Math.max(0, limit)));
    }

    @Override
    public List<AuditEntry> latestAbout(BusinessId business, Set<String> subjects, Option<Before> before, int limit) {
        Comparator<AuditEntry> order = Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id);
        return tx.query(t -> t.get(AUDIT).filter(e -> e.business().equals(business) && subjects.contains(e.subject()))
                .filter(e -> before.forAll(b -> b.admits(e.at(), e.id())))
                .sorted(order.reversed())
                .take(Math.max(0, limit)));
    }

    private static List<Operator> oldestFirst(List<Operator> operators) {
        return operators.sorted(Comparator.comparing(Operator::createdAt).thenComparing(Operator::id));
    }
}
