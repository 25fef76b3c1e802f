package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.OperatorsContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresOperatorsContractTest extends OperatorsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
