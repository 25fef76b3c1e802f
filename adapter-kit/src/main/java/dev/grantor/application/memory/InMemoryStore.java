package dev.grantor.application.memory;

import dev.grantor.application.contract.StorageUnderTest;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.port.out.SigningKeys;
import io.vavr.collection.List;

/**
 * Every storage port in memory, over one shared state, with real units of work: what a unit writes is
 * seen by others only when it commits, and a unit that returns {@code Left} or throws leaves nothing
 * behind. Thread-safe. Uniqueness rules throw {@code DuplicateRecord} and stale versions
 * {@code ConcurrentUpdate}, as a database would. It passes every port contract, so what works against it
 * works against any certified adapter.
 *
 * <pre>{@code
 * var store = new InMemoryStore();
 * store.transactions().write(() -> { store.grants().insert(grant); return Either.right(grant); });
 * }</pre>
 */
public final class InMemoryStore implements StorageUnderTest {

    private final InMemoryTransactions transactions = new InMemoryTransactions();
    private final InMemoryBusinesses businesses = new InMemoryBusinesses(transactions);
    private final InMemoryEntitlements entitlements = new InMemoryEntitlements(transactions);
    private final InMemoryGrants grants = new InMemoryGrants(transactions);
    private final InMemoryLicenseKeys licenseKeys = new InMemoryLicenseKeys(transactions);
    private final InMemoryCustomers customers = new InMemoryCustomers(transactions);
    private final InMemoryApiKeys apiKeys = new InMemoryApiKeys(transactions);
    private final InMemoryOutbox outbox = new InMemoryOutbox(transactions);
    private final InMemoryIdempotencyRecords idempotencyRecords = new InMemoryIdempotencyRecords(transactions);
    private final InMemorySigningKeys signingKeys = new InMemorySigningKeys(transactions);
    private final InMemoryWebhooks webhooks = new InMemoryWebhooks(transactions);
    private final InMemorySignIns signIns = new InMemorySignIns(transactions);
    private final InMemoryOperators operators = new InMemoryOperators(transactions);

    private final InMemoryKeyPools keyPools = new InMemoryKeyPools(transactions);

    @Override
    public dev.grantor.application.port.out.KeyPools keyPools() {
        return keyPools;
    }

    private final InMemoryPortalSignIns portalSignIns = new InMemoryPortalSignIns(transactions);
    private final InMemoryThrottles throttles = new InMemoryThrottles(transactions);

    @Override
    public dev.grantor.application.port.out.PortalSignIns portalSignIns() {
        return portalSignIns;
    }

    @Override
    public dev.grantor.application.port.out.Throttles throttles() {
        return throttles;
    }

    private final InMemoryResendLedger resendLedger = new InMemoryResendLedger(transactions);

    @Override
    public ResendLedger resendLedger() {
        return resendLedger;
    }

    @Override
    public dev.grantor.application.port.out.WebhookEndpoints webhookEndpoints() {
        return webhooks.webhookEndpoints();
    }

    @Override
    public dev.grantor.application.port.out.WebhookDeliveries webhookDeliveries() {
        return webhooks.webhookDeliveries();
    }

    @Override
    public InMemoryTransactions transactions() {
        return transactions;
    }

    @Override
    public Businesses businesses() {
        return businesses;
    }

    @Override
    public Entitlements entitlements() {
        return entitlements;
    }

    @Override
    public Grants grants() {
        return grants;
    }

    @Override
    public LicenseKeys licenseKeys() {
        return licenseKeys;
    }

    @Override
    public Customers customers() {
        return customers;
    }

    @Override
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    @Override
    public dev.grantor.application.port.out.SignIns signIns() {
        return signIns;
    }

    @Override
    public dev.grantor.application.port.out.Operators operators() {
        return operators;
    }

    @Override
    public dev.grantor.application.port.out.AuditTrail auditTrail() {
        return operators;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        return idempotencyRecords;
    }

    /** Every outbox message ever appended and committed, oldest first, whatever its status. */
    public List<OutboxMessage> outboxMessages() {
        return outbox.all();
    }

    /** Every login link stored and committed, used or not, the oldest first. */
    public List<dev.grantor.application.port.out.SignIns.StoredLink> loginLinks() {
        return signIns.allLinks();
    }

    @Override
    public void reset() {
        transactions.clear();
    }
}
