package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.ThrottlesContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteThrottlesContractTest extends ThrottlesContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
