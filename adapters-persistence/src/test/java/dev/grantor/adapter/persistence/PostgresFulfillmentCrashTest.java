package dev.grantor.adapter.persistence;

import java.nio.file.Path;

/** The server lives in the test's JVM, the engine in the child: the kill takes the engine and its connections only. */
class PostgresFulfillmentCrashTest extends FulfillmentCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return TestDatabases.freshPostgres();
    }
}
