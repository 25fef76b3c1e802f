package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import java.sql.SQLException;

/**
 * The database aborted a unit to keep concurrent units apart (serialization failure, deadlock, busy
 * file). The adapter runs the whole unit again a bounded number of times before giving up with a plain
 * {@link ConcurrentUpdate}.
 */
final class SerializationConflict extends ConcurrentUpdate {

    SerializationConflict(SQLException cause) {
        super("the database aborted a unit of work to keep concurrent ones apart: " + cause.getMessage(), cause);
    }
}
