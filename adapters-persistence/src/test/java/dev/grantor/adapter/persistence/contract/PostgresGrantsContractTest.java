package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.GrantsContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresGrantsContractTest extends GrantsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
