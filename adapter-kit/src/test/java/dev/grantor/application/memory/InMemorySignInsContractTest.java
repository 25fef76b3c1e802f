package dev.grantor.application.memory;

import dev.grantor.application.contract.SignInsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemorySignInsContractTest extends SignInsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
