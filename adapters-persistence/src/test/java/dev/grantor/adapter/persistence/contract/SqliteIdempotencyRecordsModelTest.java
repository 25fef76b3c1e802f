package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.IdempotencyRecordsModelContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteIdempotencyRecordsModelTest extends IdempotencyRecordsModelContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
