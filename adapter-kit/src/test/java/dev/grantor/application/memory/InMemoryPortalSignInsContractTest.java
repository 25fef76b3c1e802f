package dev.grantor.application.memory;

import dev.grantor.application.contract.PortalSignInsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryPortalSignInsContractTest extends PortalSignInsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
