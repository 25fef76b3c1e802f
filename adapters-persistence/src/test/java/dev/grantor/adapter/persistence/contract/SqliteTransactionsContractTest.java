package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.SharedStores;
import dev.grantor.application.contract.TransactionsContract;
import dev.grantor.application.contract.StorageUnderTest;

class SqliteTransactionsContractTest extends TransactionsContract {

    @Override
    protected StorageUnderTest storage() {
        return SharedStores.sqlite();
    }
}
