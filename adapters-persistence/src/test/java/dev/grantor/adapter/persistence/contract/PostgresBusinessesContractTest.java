package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.BusinessesContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresBusinessesContractTest extends BusinessesContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
