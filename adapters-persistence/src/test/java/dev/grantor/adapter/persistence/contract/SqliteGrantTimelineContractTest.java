package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.GrantTimelineContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteGrantTimelineContractTest extends GrantTimelineContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
