package dev.grantor.adapter.persistence;

import io.vavr.control.Option;

/** The two databases: where they differ in SQL, and where their migrations live. */
enum Dialect {
    POSTGRESQL("postgresql", "jdbc:postgresql:"),
    SQLITE("sqlite", "jdbc:sqlite:");

    private final String folder;
    private final String urlPrefix;

    Dialect(String folder, String urlPrefix) {
        this.folder = folder;
        this.urlPrefix = urlPrefix;
    }

    static Option<Dialect> forUrl(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return Option.some(dialect);
            }
        }
        return Option.none();
    }

    String migrations() {
        return "classpath:db/migration/" + folder;
    }

    /**
     * {@code " INDEXED BY index"} on SQLite, to follow a table's name in a {@code FROM}: SQLite keeps no statistics, so
     * it prefers an index that starts with an equality (a status, a pool) and then reads and sorts everything behind
     * it; the queues' claims, their purge and a pool's take each walk the index in their own order instead. A lost
     * index then makes the statement fail rather than slow down. PostgreSQL plans by its statistics: nothing.
     */
    String pinnedTo(String index) {
        return this == SQLITE ? " INDEXED BY " + index : "";
    }

    /**
     * Holds the rows a select reads until its unit of work ends, so that two units reading one row to write it whole
     * take turns. SQLite's writers take turns already, one unit at a time: nothing to add there.
     */
    String rowLock() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * {@link #rowLock} that lets other units hold the same rows as well: only a unit writing them waits. SQLite's
     * writers take turns already.
     */
    String sharedRowLock() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    /**
     * {@code column} with its ASCII letters in lower case and every other character as it is, in one function call a row.
     * SQLite's {@code lower()} folds ASCII only; PostgreSQL's folds ASCII only under the "C" collation (under the
     * database's it folds other letters too, and the two stores would find different rows). Twenty-six nested
     * {@code replace()} calls did the same at ten times the cost of a row on either store.
     */
    String asciiLowerCase(String column) {
        return this == POSTGRESQL ? "lower(" + column + " COLLATE \"C\")" : "lower(" + column + ")";
    }

    /** {@link #rowLock} passing over rows another unit holds, for claims that any free row answers. */
    String rowLockSkippingHeld() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * The rows whose ids {@code subquery} selects, skipping on PostgreSQL those another transaction has locked. There the
     * ids are gathered into an array first: with {@code id IN (subquery)} the planner's generic plan, not knowing the
     * limit, may join the subquery to a sequential scan of the whole table, which can hold weeks of settled rows or
     * every one ever; an array of ids is looked up by primary key.
     */
    private String idsFrom(String subquery) {
        return this == POSTGRESQL ? "id = ANY(ARRAY(" + subquery + " FOR UPDATE SKIP LOCKED))" : "id IN (" + subquery + ")";
    }

    /**
     * Deletes up to :limit settled rows of a queue ({@code outbox}, {@code webhook_deliveries}) created before :cutoff, the
     * oldest first: a walk of {@code index} (settled rows by creation; pinned on SQLite, see {@link #pinnedTo}) from its
     * oldest entry that stops after :limit. {@code settled} lists the statuses that may go, quoted.
     */
    String purgeSettled(String table, String index, String settled) {
        return "DELETE FROM " + table + " WHERE " + idsFrom("SELECT id FROM " + table + pinnedTo(index)
                + " WHERE status IN (" + settled + ") AND created_at < :cutoff ORDER BY created_at, id LIMIT :limit");
    }

    /**
     * Deletes up to {@code :limit} rows of {@code table} whose {@code column} is before {@code :cutoff}, the oldest first,
     * walking {@code index} (in that order; pinned on SQLite); {@code condition} narrows them further ("" or a predicate
     * followed by {@code AND}). Rows are named by their place in the table (PostgreSQL's {@code ctid}, gathered into an
     * array as in {@link #idsFrom}; SQLite's {@code rowid}), since not every such table has a one-column key.
     */
    String purgeOlder(String table, String index, String column, String condition) {
        String oldest = " FROM " + table + pinnedTo(index) + " WHERE " + condition + column + " < :cutoff ORDER BY " + column
                + " LIMIT :limit";
        return this == POSTGRESQL
                ? "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid" + oldest + " FOR UPDATE SKIP LOCKED))"
                : "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid" + oldest + ")";
    }

    /**
     * Claims the due rows of a leased queue ({@code outbox}, {@code webhook_deliveries}), writing {@code holds} on each
     * row it takes (assignments that may name {@code :leaseEnd}), walking {@code index} (in {@code order}; pinned on
     * SQLite, see {@link #pinnedTo}): without the pin SQLite took the outbox's {@code outbox_by_status_newest} and sorted
     * every pending row for each claim (seen after V15: SQLite fulfills at 16 clients fell from 2,324 to 1,770 a second).
     */
    String claimDue(String table, String index, String order, String holds, String columns) {
        return claimDue(table, index, order, holds, "", columns);
    }

    /**
     * As above, passing over the due rows that {@code free} ({@code " AND "} and a predicate, or "") rejects: a claim that
     * marks a column outside {@code index} instead of moving the row's next attempt leaves the rows it holds in the
     * index's range.
     */
    String claimDue(String table, String index, String order, String holds, String free, String columns) {
        return "UPDATE " + table + " SET " + holds + " WHERE " + idsFrom("SELECT id FROM " + table + pinnedTo(index)
                + " WHERE status = 'PENDING' AND next_attempt_at <= :now" + free + " ORDER BY " + order + " LIMIT :limit")
                + " RETURNING " + columns;
    }
}
