package dev.grantor.application.memory;

import dev.grantor.application.contract.OutboxContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryOutboxContractTest extends OutboxContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
