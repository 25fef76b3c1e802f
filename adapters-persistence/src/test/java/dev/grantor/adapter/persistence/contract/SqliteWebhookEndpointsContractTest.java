package dev.grantor.adapter.persistence.contract;

import dev.grantor.adapter.persistence.WebhookStores;
import dev.grantor.application.contract.WebhookEndpointsContract;
import dev.grantor.application.contract.WebhookStorageUnderTest;

class SqliteWebhookEndpointsContractTest extends WebhookEndpointsContract {

    @Override
    protected WebhookStorageUnderTest storage() {
        return WebhookStores.sqlite();
    }
}
