package dev.grantor.application.memory;

import dev.grantor.application.contract.OutboxModelContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryOutboxModelTest extends OutboxModelContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
