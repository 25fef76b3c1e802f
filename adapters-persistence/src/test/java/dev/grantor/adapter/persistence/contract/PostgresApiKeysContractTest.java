package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.ApiKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresApiKeysContractTest extends ApiKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
