package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.ResendLedgerContract;
import dev.grantor.application.contract.StorageUnderTest;

class PostgresResendLedgerContractTest extends ResendLedgerContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.postgres();
    }
}
