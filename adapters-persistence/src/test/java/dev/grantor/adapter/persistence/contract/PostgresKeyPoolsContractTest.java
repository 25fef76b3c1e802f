package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.KeyPoolsContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresKeyPoolsContractTest extends KeyPoolsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
