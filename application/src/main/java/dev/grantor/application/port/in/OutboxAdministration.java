package dev.grantor.application.port.in;

import dev.grantor.application.port.out.OutboxMessage;
import io.vavr.collection.List;

/** For operators: what is waiting, what was parked, and a way to send a parked message again. */
public interface OutboxAdministration {

    List<OutboxMessage> pending(int pageNumber, int pageSize);

    List<OutboxMessage> parked(int pageNumber, int pageSize);

    /** Parked back to pending, due now. False when the id is not a parked message. */
    boolean retry(String messageId);

    OutboxDepth depth();
}
