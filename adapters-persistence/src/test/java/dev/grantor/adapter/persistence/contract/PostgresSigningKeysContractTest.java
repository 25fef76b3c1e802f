package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.SigningKeysContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresSigningKeysContractTest extends SigningKeysContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
