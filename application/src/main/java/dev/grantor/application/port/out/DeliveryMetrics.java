package dev.grantor.application.port.out;

import dev.grantor.application.port.out.OutboxMessage.Kind;

/** What the relay reports as it works; bootstrap binds it to a metrics registry. */
public interface DeliveryMetrics {

    void sent(Kind kind);

    void failed(Kind kind);

    void parked(Kind kind);

    /**
     * A settlement of this relay the outbox refused: its attempt outlasted its lease and another relay claimed the
     * message again ({@link Claim}). The message is then counted by the relay whose claim settles it.
     */
    void superseded(Kind kind);

    DeliveryMetrics NONE = new DeliveryMetrics() {
        @Override
        public void sent(Kind kind) {}

        @Override
        public void failed(Kind kind) {}

        @Override
        public void parked(Kind kind) {}

        @Override
        public void superseded(Kind kind) {}
    };
}
