package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class SqliteKeyPoolCrashTest extends KeyPoolCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return StorageSettings.sqlite(dir);
    }
}
