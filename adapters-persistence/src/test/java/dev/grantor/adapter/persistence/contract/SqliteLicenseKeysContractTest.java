package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.LicenseKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteLicenseKeysContractTest extends LicenseKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
