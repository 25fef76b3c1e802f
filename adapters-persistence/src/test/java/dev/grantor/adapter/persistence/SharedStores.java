package dev.grantor.adapter.persistence;

import dev.grantor.application.contract.StorageUnderTest;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.Transactions;

/**
 * One store per database for all the port contracts in this JVM (opened once, emptied before each test),
 * so the contracts cost a migration once rather than once per test.
 */
public final class SharedStores {

    private static StorageUnderTest sqlite;
    private static StorageUnderTest postgres;

    private SharedStores() {}

    public static synchronized StorageUnderTest sqlite() {
        if (sqlite == null) {
            sqlite = new Store(JdbcStorage.open(TestDatabases.freshSqliteInTemporaryDirectory().withPoolSize(16)));
        }
        return sqlite;
    }

    public static synchronized StorageUnderTest postgres() {
        if (postgres == null) {
            postgres = new Store(JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(16)));
        }
        return postgres;
    }

    private record Store(JdbcStorage storage) implements StorageUnderTest {
        @Override
        public dev.grantor.application.port.out.WebhookEndpoints webhookEndpoints() {
            return storage.webhookEndpoints();
        }

        @Override
        public dev.grantor.application.port.out.WebhookDeliveries webhookDeliveries() {
            return storage.webhookDeliveries();
        }

        @Override
        public dev.grantor.application.port.out.SignIns signIns() {
            return storage.signIns();
        }

        @Override
        public dev.grantor.application.port.out.Operators operators() {
            return storage.operators();
        }

        @Override
        public dev.grantor.application.port.out.AuditTrail auditTrail() {
            return storage.auditTrail();
        }

        @Override
        public Transactions transactions() {
            return storage.transactions();
        }

        @Override
        public Businesses businesses() {
            return storage.businesses();
        }

        @Override
        public Entitlements entitlements() {
            return storage.entitlements();
        }

        @Override
        public Grants grants() {
            return storage.grants();
        }

        @Override
        public LicenseKeys licenseKeys() {
            return storage.licenseKeys();
        }

        @Override
        public Customers customers() {
            return storage.customers();
        }

        @Override
        public dev.grantor.application.port.out.GrantParties grantParties() {
            return storage.grantParties();
        }

        @Override
        public dev.grantor.application.port.out.Fulfillments fulfillments() {
            return storage.fulfillments();
        }

        @Override
        public ApiKeys apiKeys() {
            return storage.apiKeys();
        }

        @Override
        public Outbox outbox() {
            return storage.outbox();
        }

        @Override
        public IdempotencyRecords idempotencyRecords() {
            return storage.idempotencyRecords();
        }

        @Override
        public SigningKeys signingKeys() {
            return storage.signingKeys();
        }

        @Override
        public dev.grantor.application.port.out.KeyPools keyPools() {
            return storage.keyPools();
        }

        @Override
        public dev.grantor.application.port.out.PortalSignIns portalSignIns() {
            return storage.portalSignIns();
        }

        @Override
        public dev.grantor.application.port.out.Throttles throttles() {
            return storage.throttles();
        }

        @Override
        public dev.grantor.application.port.out.ResendLedger resendLedger() {
            return storage.resendLedger();
        }

        @Override
        public void reset() {
            StoredRecords.deleteAll(storage);
        }
    }
}
