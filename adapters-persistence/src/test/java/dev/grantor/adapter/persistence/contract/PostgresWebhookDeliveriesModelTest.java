package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.WebhookStores;
import dev.grantor.application.contract.WebhookDeliveriesModelContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class PostgresWebhookDeliveriesModelTest extends WebhookDeliveriesModelContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return WebhookStores.postgres();
    }
}
