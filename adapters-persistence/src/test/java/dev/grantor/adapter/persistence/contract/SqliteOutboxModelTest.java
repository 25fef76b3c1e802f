package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.OutboxModelContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteOutboxModelTest extends OutboxModelContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
