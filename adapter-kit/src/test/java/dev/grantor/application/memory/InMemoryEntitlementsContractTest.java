package dev.grantor.application.memory;

import dev.grantor.application.contract.EntitlementsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryEntitlementsContractTest extends EntitlementsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
