package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.WebhookStores;
import dev.grantor.application.contract.WebhookDeliveriesContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class PostgresWebhookDeliveriesContractTest extends WebhookDeliveriesContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return WebhookStores.postgres();
    }
}
