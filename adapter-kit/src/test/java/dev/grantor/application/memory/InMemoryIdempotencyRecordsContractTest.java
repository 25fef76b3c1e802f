package dev.grantor.application.memory;

import dev.grantor.application.contract.IdempotencyRecordsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryIdempotencyRecordsContractTest extends IdempotencyRecordsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
