package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Before;
import io.vavr.control.Option;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link Before} in SQL, for a read ordered newest first by a time column, then an id column: the rows strictly before
 * the bound, in the same comparison {@link Before#admits} makes in memory. The bound's instant is bound through
 * {@link Columns#bound}, so a forged far-future one reads as the end of the stores' range instead of failing.
 */
record Keyset(String timeColumn, String idColumn) {

    /**
     * The condition to append after a WHERE clause's others; empty for the newest page. The plain {@code <=} adds
     * nothing to what it keeps: it is the range an index can seek to, which PostgreSQL does not make of the {@code OR},
     * so a page deep in thousands of rows starts at its bound instead of reading every newer row and passing over them.
     */
    String condition(Option<Before> before) {
        return before.isEmpty() ? "" : " AND " + timeColumn + " <= :before_at AND (" + timeColumn + " < :before_at OR ("
                + timeColumn + " = :before_at AND " + idColumn + " < :before_id))";
    }

    /** Binds what {@link #condition} names. */
    static Query bind(Query query, Option<Before> before) {
        before.forEach(bound -> query.bind("before_at", Columns.bound(bound.at())).bind("before_id", bound.id()));
        return query;
    }
}
