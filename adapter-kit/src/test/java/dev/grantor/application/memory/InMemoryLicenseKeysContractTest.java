package dev.grantor.application.memory;

import dev.grantor.application.contract.LicenseKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryLicenseKeysContractTest extends LicenseKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
