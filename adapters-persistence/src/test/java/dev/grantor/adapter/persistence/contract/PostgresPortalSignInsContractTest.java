package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.PortalSignInsContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresPortalSignInsContractTest extends PortalSignInsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
