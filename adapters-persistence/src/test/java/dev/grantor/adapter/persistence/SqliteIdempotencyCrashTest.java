package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class SqliteIdempotencyCrashTest extends IdempotencyCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return StorageSettings.sqlite(dir);
    }
}
