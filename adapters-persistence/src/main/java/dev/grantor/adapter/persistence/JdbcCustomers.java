package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Customers.Filter;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.application.port.out.Page;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.SqlStatement;

/** Customers, unique per business by the case-folded email the engine computes. */
final class JdbcCustomers implements Customers {

    static final String COLUMNS = "id, business_id, email, email_key, name, phone_number, metadata, created_at, updated_at";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcCustomers(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(Customer customer) {
        transactions.writing(handle -> bind(handle.createUpdate("INSERT INTO customers (" + COLUMNS + ") VALUES (:id,"
                + " :business_id, :email, :email_key, :name, :phone_number, :metadata, :created_at, :updated_at)"), customer).execute());
    }

    @Override
    public void update(Customer customer) {
        transactions.writing(handle -> bind(handle.createUpdate("UPDATE customers SET email = :email, email_key = :email_key,"
                + " name = :name, phone_number = :phone_number, metadata = :metadata, updated_at = :updated_at WHERE " + OwnRow.BY_ID), customer).execute());
    }

    @Override
    public Option<Customer> find(BusinessId business, CustomerId id) {
        return findWhere(business, "id = :match", id.value());
    }

    @Override
    public Map<CustomerId, Customer> ofAll(BusinessId business, List<CustomerId> ids) {
        return transactions.readingInParts(ids.distinct().map(CustomerId::value), (handle, part) -> handle
                        .createQuery(OF_ALL)
                        .bind("business_id", business.value())
                        .bindList("ids", part.toJavaList())
                        .map((rs, ctx) -> customer(rs))
                        .list())
                .toMap(Customer::id, customer -> customer);
    }

    /**
     * The customers of the ids, each through the primary key; the business is compared as an expression, which no index
     * serves, or SQLite (without statistics) walked the business's customers (customers_newest) for the few ids.
     */
    static final String OF_ALL = "SELECT " + COLUMNS + " FROM customers WHERE id IN (<ids>) AND business_id || '' = :business_id";

    @Override
    public Option<Customer> lock(BusinessId business, CustomerId id) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery("SELECT " + COLUMNS + " FROM customers"
                        + " WHERE business_id = :business_id AND id = :match" + dialect.rowLock())
                .bind("business_id", business.value())
                .bind("match", id.value())
                .map((rs, ctx) -> customer(rs))
                .findOne()));
    }

    @Override
    public Option<Customer> findByEmail(BusinessId business, EmailAddress email) {
        return findWhere(business, "email_key = :match", email.matchKey());
    }

    @Override
    public List<Customer> list(BusinessId business, Filter filter, Page page) {
        return transactions.reading(handle -> {
            var query = handle.createQuery(listing(filter, dialect))
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            filter.email().forEach(e -> query.bind("email_key", e.matchKey()));
            filter.nameContains().forEach(part -> query.bind("name_pattern", "%" + likeLiteral(Filter.folded(part)) + "%"));
            filter.createdFrom().forEach(from -> query.bind("created_from", Columns.bound(from)));
            filter.createdTo().forEach(to -> query.bind("created_to", Columns.bound(to)));
            return List.ofAll(query.map((rs, ctx) -> customer(rs)).list());
        });
    }

    /**
     * The SQL of {@link #list}. An email reads its one customer through the business's unique email index; a part of a
     * name no b-tree can find, so it walks the business's customers newest first (customers_newest) until a page is
     * full, comparing each name folded as {@link Filter#folded} folds the part. A name nobody has reads every customer of
     * the business: at 50,000, 20-60 ms (dev-notes/2026-12-06-s34/api/findings.md). Only a trigram index bounds that
     * read, and pg_trgm is an extension a deployment must allow.
     */
    static String listing(Filter filter, Dialect dialect) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM customers WHERE business_id = :business_id");
        filter.email().forEach(e -> sql.append(" AND email_key = :email_key"));
        filter.nameContains().forEach(n -> sql.append(" AND " + dialect.asciiLowerCase("name") + " LIKE :name_pattern ESCAPE '!'"));
        filter.createdFrom().forEach(from -> sql.append(" AND created_at >= :created_from"));
        filter.createdTo().forEach(to -> sql.append(" AND created_at <= :created_to"));
        return sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset").toString();
    }

    /** The text as a LIKE pattern matching itself: {@code %}, {@code _} and the escape {@code !} escaped. */
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private Option<Customer> findWhere(BusinessId business, String condition, String match) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM customers"
                        + " WHERE business_id = :business_id AND " + condition)
                .bind("business_id", business.value())
                .bind("match", match)
                .map((rs, ctx) -> customer(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Customer customer) {
        return statement
                .bind("id", customer.id().value())
                .bind("business_id", customer.businessId().value())
                .bind("email", customer.email().value())
                .bind("email_key", customer.email().matchKey())
                .bind("name", customer.name().map(CustomerName::value).getOrNull())
                .bind("phone_number", customer.phoneNumber().map(PhoneNumber::value).getOrNull())
                .bind("metadata", Columns.metadata(customer.metadata()))
                .bind("created_at", Columns.nanos(customer.createdAt()))
                .bind("updated_at", Columns.nanos(customer.updatedAt()));
    }

    private static Customer customer(ResultSet rs) throws SQLException {
        return customer(rs, "");
    }

    /** The customer in the row's columns named {@code prefix} + its own column names (as a join names them). */
    static Customer customer(ResultSet rs, String prefix) throws SQLException {
        return new Customer(new CustomerId(rs.getString(prefix + "id")), new BusinessId(rs.getString(prefix + "business_id")),
                new EmailAddress(rs.getString(prefix + "email")), Columns.optionalText(rs, prefix + "name").map(CustomerName::new),
                Columns.optionalText(rs, prefix + "phone_number").map(PhoneNumber::new), Columns.metadata(rs.getString(prefix + "metadata")),
                Columns.instant(rs, prefix + "created_at"), Columns.instant(rs, prefix + "updated_at"));
    }
}
