package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class PostgresIdempotencyCrashTest extends IdempotencyCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return TestDatabases.freshPostgres();
    }
}
