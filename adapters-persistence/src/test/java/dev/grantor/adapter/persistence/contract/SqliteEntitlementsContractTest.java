package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.EntitlementsContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteEntitlementsContractTest extends EntitlementsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
