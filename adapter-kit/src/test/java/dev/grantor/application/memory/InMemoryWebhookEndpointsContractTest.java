package dev.grantor.application.memory;

import dev.grantor.application.contract.WebhookEndpointsContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class InMemoryWebhookEndpointsContractTest extends WebhookEndpointsContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return new InMemoryWebhooks(new InMemoryStore().transactions());
    }
}
