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
     * Claims the due rows of a leased queue ({@code outbox}, {@code webhook_deliveries}) by pushing their next
     * attempt to the end of the lease. On PostgreSQL the rows another claimer has locked are skipped rather
     * than waited for; on SQLite the writer is alone anyway.
     *
     * <p>On PostgreSQL the claimed ids are gathered into an array first: with {@code id IN (subquery)} the planner's
     * generic plan, not knowing the limit, may join the subquery to a sequential scan of the whole table, and these
     * tables keep every row they ever held. An array of ids is looked up by primary key.
     */
    String claimDue(String table, String order, String columns) {
        String due = "SELECT id FROM " + table + " WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY " + order
                + " LIMIT :limit";
        return "UPDATE " + table + " SET next_attempt_at = :leaseEnd WHERE "
                + (this == POSTGRESQL ? "id = ANY(ARRAY(" + due + " FOR UPDATE SKIP LOCKED))" : "id IN (" + due + ")")
                + " RETURNING " + columns;
    }
}
