package dev.grantor.application.memory;

import dev.grantor.application.contract.IdempotencyRecordsModelContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryIdempotencyRecordsModelTest extends IdempotencyRecordsModelContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
