package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.SignInsContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteSignInsContractTest extends SignInsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
