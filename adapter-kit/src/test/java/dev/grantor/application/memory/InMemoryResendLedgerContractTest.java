package dev.grantor.application.memory;

import dev.grantor.application.contract.ResendLedgerContract;
import dev.grantor.application.contract.StorageUnderTest;

class InMemoryResendLedgerContractTest extends ResendLedgerContract {

    @Override
    protected StorageUnderTest storage() {
        return new InMemoryStore();
    }
}
