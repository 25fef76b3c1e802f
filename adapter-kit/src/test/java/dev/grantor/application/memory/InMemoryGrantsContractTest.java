package dev.grantor.application.memory;

import dev.grantor.application.contract.GrantsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryGrantsContractTest extends GrantsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
