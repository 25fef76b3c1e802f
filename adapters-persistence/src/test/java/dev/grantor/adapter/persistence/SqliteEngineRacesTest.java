package dev.grantor.adapter.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEngineRacesTest extends EngineRaces {

    @TempDir
    static Path dir;

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshSqlite(dir);
    }
}
