package dev.grantor.application.memory;

import dev.grantor.application.contract.WebhookDeliveriesContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class InMemoryWebhookDeliveriesContractTest extends WebhookDeliveriesContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return new InMemoryWebhooks();
    }
}
