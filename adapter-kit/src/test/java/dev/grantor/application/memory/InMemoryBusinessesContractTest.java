package dev.grantor.application.memory;

import dev.grantor.application.contract.BusinessesContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryBusinessesContractTest extends BusinessesContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
