package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.IdempotencyRecordsContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteIdempotencyRecordsContractTest extends IdempotencyRecordsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
