package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Operators;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Operators (unique per business and email) and the audit trail of their actions. */
final class JdbcOperators implements Operators, AuditTrail {

    private static final Keyset BY_TIME = new Keyset("at", "id");

    private static final String COLUMNS = "id, business_id, email, created_at, role";
    private static final String READ_COLUMNS = COLUMNS + ", removed_at";
    private static final String AUDIT_COLUMNS = "id, business_id, actor, action, subject, detail, at";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcOperators(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(Operator operator) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO operators (" + COLUMNS + ", email_key) VALUES"
                        + " (:id, :business_id, :email, :created_at, :role, :email_key)")
                .bind("id", operator.id())
                .bind("business_id", operator.business().value())
                .bind("email", operator.email().value())
                .bind("email_key", operator.email().matchKey())
                .bind("created_at", Columns.nanos(operator.createdAt()))
                .bind("role", operator.role().wire())
                .execute());
    }

    @Override
    public Option<Operator> find(BusinessId business, String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + READ_COLUMNS + " FROM operators"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> operator(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<Operator> hold(BusinessId business, String id) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery("SELECT " + READ_COLUMNS
                        + " FROM operators WHERE " + OwnRow.BY_ID + dialect.sharedRowLock())
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> operator(rs))
                .findOne()));
    }

    @Override
    public List<Operator> withEmail(EmailAddress email) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + READ_COLUMNS + " FROM operators"
                        + " WHERE email_key = :email_key AND removed_at IS NULL ORDER BY created_at, id")
                .bind("email_key", email.matchKey())
                .map((rs, ctx) -> operator(rs))
                .list()));
    }

    @Override
    public List<Operator> list(BusinessId business) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + READ_COLUMNS + " FROM operators"
                        + " WHERE business_id = :business_id ORDER BY created_at, id")
                .bind("business_id", business.value())
                .map((rs, ctx) -> operator(rs))
                .list()));
    }

    @Override
    public boolean markRemoved(BusinessId business, String id, Option<Instant> removedAt) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE operators SET removed_at = :removed_at"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("business_id", business.value())
                .bind("id", id)
                .bind("removed_at", Columns.nanos(removedAt))
                .execute() > 0);
    }

    @Override
    public boolean changeRole(BusinessId business, String id, Role role) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE operators SET role = :role WHERE " + OwnRow.BY_ID)
                .bind("business_id", business.value())
                .bind("id", id)
                .bind("role", role.wire())
                .execute() > 0);
    }

    @Override
    public void append(AuditEntry entry) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO audit_entries (" + AUDIT_COLUMNS + ") VALUES"
                        + " (:id, :business_id, :actor, :action, :subject, :detail, :at)")
                .bind("id", entry.id())
                .bind("business_id", entry.business().value())
                .bind("actor", entry.actor())
                .bind("action", entry.action())
                .bind("subject", entry.subject())
                .bind("detail", entry.detail())
                .bind("at", Columns.nanos(entry.at()))
                .execute());
    }

    @Override
    public List<AuditEntry> about(BusinessId business, String subject) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + AUDIT_COLUMNS + " FROM audit_entries"
                        + " WHERE business_id = :business_id AND subject = :subject ORDER BY at, id")
                .bind("business_id", business.value())
                .bind("subject", subject)
                .map((rs, ctx) -> entry(rs))
                .list()));
    }

    @Override
    public List<AuditEntry> latestAbout(BusinessId business, String subject, Option<Before> before, int limit) {
        return latestAbout(business, HashSet.of(subject), before, limit);
    }

    /** The subject's index (business, subject, at) finds the entries; ties in time are few, and ordered by id here. */
    @Override
    public List<AuditEntry> latestAbout(BusinessId business, Set<String> subjects, Option<Before> before, int limit) {
        if (subjects.isEmpty() || limit <= 0) {
            return List.empty();
        }
        return transactions.reading(handle -> List.ofAll(Keyset.bind(handle.createQuery("SELECT " + AUDIT_COLUMNS
                        + " FROM audit_entries WHERE business_id = :business_id AND subject IN (<subjects>)"
                        + BY_TIME.condition(before) + " ORDER BY at DESC, id DESC LIMIT :limit"), before)
                .bind("business_id", business.value())
                .bindList("subjects", subjects.toJavaList())
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list()));
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("actor"),
                rs.getString("action"), rs.getString("subject"), rs.getString("detail"), Columns.instant(rs, "at"));
    }

    private static Operator operator(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String role = rs.getString("role");
        // the column's CHECK allows only these two, so another word is a broken store, not an input to refuse
        return new Operator(id, new BusinessId(rs.getString("business_id")),
                new EmailAddress(rs.getString("email")), Columns.instant(rs, "created_at"),
                Columns.optionalInstant(rs, "removed_at"), Role.parse(role).getOrElseThrow(
                        () -> new IllegalStateException("operator " + id + " has the unknown role " + role)));
    }
}
