package dev.grantor.application.contract;

import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookEndpoints;

/** A storage adapter's webhook tables as their contracts see them, with the units of work they join. */
public interface WebhookStorageUnderTest {

    Transactions transactions();

    WebhookEndpoints webhookEndpoints();

    WebhookDeliveries webhookDeliveries();

    /** Removes every endpoint and delivery, so the next test starts from nothing. Called before each test. */
    void reset();
}
