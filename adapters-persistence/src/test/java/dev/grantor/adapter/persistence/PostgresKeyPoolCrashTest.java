package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class PostgresKeyPoolCrashTest extends KeyPoolCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return TestDatabases.freshPostgres();
    }
}
