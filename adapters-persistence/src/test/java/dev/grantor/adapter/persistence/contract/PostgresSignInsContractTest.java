package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.SignInsContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresSignInsContractTest extends SignInsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
