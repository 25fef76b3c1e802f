package dev.grantor.application.port.out;

/**
 * A write lost a race: the stored version is not the one the writer read, or the database aborted the
 * transaction to keep it serializable. The engine retries the whole unit of work a bounded number of
 * times, so the loser re-reads and gets its honest domain answer.
 */
public class ConcurrentUpdate extends RuntimeException {

    public ConcurrentUpdate(String message) {
        super(message);
    }

    public ConcurrentUpdate(String message, Throwable cause) {
        super(message, cause);
    }
}
