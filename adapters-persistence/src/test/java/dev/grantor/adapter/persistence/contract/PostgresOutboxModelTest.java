package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.OutboxModelContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresOutboxModelTest extends OutboxModelContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
