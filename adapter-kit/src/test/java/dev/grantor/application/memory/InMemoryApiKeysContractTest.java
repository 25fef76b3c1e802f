package dev.grantor.application.memory;

import dev.grantor.application.contract.ApiKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryApiKeysContractTest extends ApiKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
