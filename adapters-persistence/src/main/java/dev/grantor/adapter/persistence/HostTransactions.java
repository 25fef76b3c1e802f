package dev.grantor.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The transactions of a host application that shares Grantor's database, for a host that wants its own writes and
 * Grantor's to commit together. While the calling thread is inside one, Grantor's units of work join it: they run
 * on its connection, never commit or roll it back themselves, and leave nothing behind when they fail (each runs
 * inside a savepoint), so the host decides what happens to its own writes. Work that must wait for the commit
 * waits for the host's.
 *
 * <p>The storage adapter stays framework-free: a framework module implements this on its transaction manager.
 */
public interface HostTransactions {

    /** True while the calling thread is inside a host transaction on Grantor's {@code DataSource}. */
    boolean active();

    /** The connection of the active host transaction; Grantor gives it back with {@link #release} and never closes it. */
    Connection connection() throws SQLException;

    /** Gives back a connection obtained from {@link #connection()}. */
    void release(Connection connection);

    /** Runs {@code work} once the active host transaction has committed, and never if it rolls back. */
    void afterCommit(Runnable work);

    /** A host without transactions of its own: Grantor's units always run on their own. */
    HostTransactions NONE = new HostTransactions() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public Connection connection() {
            throw new IllegalStateException("no host transaction is active");
        }

        @Override
        public void release(Connection connection) {
            throw new IllegalStateException("no host transaction is active");
        }

        @Override
        public void afterCommit(Runnable work) {
            throw new IllegalStateException("no host transaction is active");
        }
    };

}
