package dev.grantor.application.memory;

import dev.grantor.application.contract.CustomersContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryCustomersContractTest extends CustomersContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
