package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.KeyPoolsContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteKeyPoolsContractTest extends KeyPoolsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
