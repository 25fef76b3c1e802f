package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.CustomersContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteCustomersContractTest extends CustomersContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
