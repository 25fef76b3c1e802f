package dev.grantor.application.contract;

import io.vavr.control.Either;
import org.junit.jupiter.api.BeforeEach;

/** What the webhook contracts share: the store under test, emptied before each test, and units of work. */
public abstract class WebhookContract {

    protected WebhookStorageUnderTest store;

    /** The storage adapter under test; may be one shared instance, {@link WebhookStorageUnderTest#reset()} runs first. */
    protected abstract WebhookStorageUnderTest storage();

    @BeforeEach
    final void startFromEmptyWebhookTables() {
        store = storage();
        store.reset();
    }

    protected void inUnit(Runnable work) {
        store.transactions().write(() -> {
            work.run();
            return Either.right(Boolean.TRUE);
        });
    }
}
