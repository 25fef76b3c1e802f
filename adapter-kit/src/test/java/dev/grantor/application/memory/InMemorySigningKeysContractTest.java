package dev.grantor.application.memory;

import dev.grantor.application.contract.SigningKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemorySigningKeysContractTest extends SigningKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
