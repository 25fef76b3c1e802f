package dev.grantor.application.memory;

import dev.grantor.application.contract.OperatorsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryOperatorsContractTest extends OperatorsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
