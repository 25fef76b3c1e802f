package dev.grantor.application.contract;

import dev.grantor.application.Grantor;

import dev.grantor.application.port.out.Transactions;

/**
 * A storage adapter as the port contracts see it: every storage port, the {@link Transactions} they join,
 * and a way to start each test from an empty store. A storage adapter implements this once (often as a
 * small record or its own store class) and hands it to every contract.
 */
public interface StorageUnderTest extends Grantor.Storage {

    /** Removes every record of every port, so the next test starts from nothing. Called before each test. */
    void reset();
}
