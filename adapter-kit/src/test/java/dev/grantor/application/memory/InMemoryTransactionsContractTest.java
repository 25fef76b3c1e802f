package dev.grantor.application.memory;

import dev.grantor.application.contract.TransactionsContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryTransactionsContractTest extends TransactionsContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
