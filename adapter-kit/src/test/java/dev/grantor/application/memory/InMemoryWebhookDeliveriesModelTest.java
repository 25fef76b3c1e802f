package dev.grantor.application.memory;

import dev.grantor.application.contract.WebhookDeliveriesModelContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class InMemoryWebhookDeliveriesModelTest extends WebhookDeliveriesModelContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return new InMemoryWebhooks();
    }
}
