package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.OutboxContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresOutboxContractTest extends OutboxContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
