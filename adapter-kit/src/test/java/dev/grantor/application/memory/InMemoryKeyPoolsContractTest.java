package dev.grantor.application.memory;

import dev.grantor.application.contract.KeyPoolsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryKeyPoolsContractTest extends KeyPoolsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
