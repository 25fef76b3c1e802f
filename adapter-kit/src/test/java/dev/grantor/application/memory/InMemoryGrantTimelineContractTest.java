package dev.grantor.application.memory;

import dev.grantor.application.contract.GrantTimelineContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryGrantTimelineContractTest extends GrantTimelineContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
