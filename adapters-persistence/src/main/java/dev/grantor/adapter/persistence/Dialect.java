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
     * Deletes up to :limit sent messages created before :cutoff, the oldest first: a walk of the index on (status,
     * created_at DESC, id DESC) from its oldest sent entry that stops after :limit.
     */
    String purgeSent(String table) {
        String oldest = "SELECT id FROM " + table + " WHERE status = 'SENT' AND created_at < :cutoff ORDER BY created_at, id"
                + " LIMIT :limit";
        return "DELETE FROM " + table + " WHERE "
                + (this == POSTGRESQL ? "id = ANY(ARRAY(" + oldest + " FOR UPDATE SKIP LOCKED))" : "id IN (" + oldest + ")");
    }

    /**
     * Claims the due rows of a leased queue ({@code outbox}, {@code webhook_deliveries}) by pushing their next
     * attempt to the end of the lease. On PostgreSQL the rows another claimer has locked are skipped rather
     * than waited for; on SQLite the writer is alone anyway.
     *
     * <p>On PostgreSQL the claimed ids are gathered into an array first: with {@code id IN (subquery)} the planner's
     * generic plan, not knowing the limit, may join the subquery to a sequential scan of the whole table, and these
     * tables hold every row they settled for weeks or for good. An array of ids is looked up by primary key.
     *
     * <p>On SQLite the walk is pinned to {@code index}, the partial index in {@code order}: without statistics SQLite
     * prefers an index that starts with an equality on {@code status} (the outbox's {@code outbox_by_status_newest})
     * and then reads every pending row and sorts them, for each claim (seen after V15: SQLite fulfills at 16 clients
     * fell from 2,324 to 1,770 a second). {@code INDEXED BY} also makes the statement fail, not slow down, should the
     * index ever stop serving it.
     */
    String claimDue(String table, String index, String order, String columns) {
        String due = "SELECT id FROM " + table + (this == SQLITE ? " INDEXED BY " + index : "")
                + " WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY " + order + " LIMIT :limit";
        return "UPDATE " + table + " SET next_attempt_at = :leaseEnd WHERE "
                + (this == POSTGRESQL ? "id = ANY(ARRAY(" + due + " FOR UPDATE SKIP LOCKED))" : "id IN (" + due + ")")
                + " RETURNING " + columns;
    }
}
