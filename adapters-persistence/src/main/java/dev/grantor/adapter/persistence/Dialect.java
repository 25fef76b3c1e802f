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
     * Claims due messages by pushing their next attempt to the end of the lease. On PostgreSQL the rows
     * another relay has locked are skipped rather than waited for; on SQLite the writer is alone anyway.
     */
    String claimDueOutbox(String columns) {
        return "UPDATE outbox SET next_attempt_at = :leaseEnd WHERE id IN (SELECT id FROM outbox"
                + " WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY created_at, id LIMIT :limit"
                + (this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + columns;
    }
}
