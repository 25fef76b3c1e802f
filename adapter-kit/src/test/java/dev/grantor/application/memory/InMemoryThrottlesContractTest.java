package dev.grantor.application.memory;

import dev.grantor.application.contract.ThrottlesContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryThrottlesContractTest extends ThrottlesContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
