package dev.grantor.application.contract;

import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.Transactions;

/**
 * A storage adapter as the port contracts see it: every storage port, the {@link Transactions} they join,
 * and a way to start each test from an empty store. A storage adapter implements this once (often as a
 * small record or its own store class) and hands it to every contract.
 */
public interface StorageUnderTest {

    Transactions transactions();

    Businesses businesses();

    Entitlements entitlements();

    Grants grants();

    LicenseKeys licenseKeys();

    Customers customers();

    ApiKeys apiKeys();

    Outbox outbox();

    IdempotencyRecords idempotencyRecords();

    /** Removes every record of every port, so the next test starts from nothing. Called before each test. */
    void reset();
}
