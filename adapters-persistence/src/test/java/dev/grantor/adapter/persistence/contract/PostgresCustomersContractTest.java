package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.CustomersContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresCustomersContractTest extends CustomersContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
