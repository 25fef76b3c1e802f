package dev.grantor.adapter.persistence;

import io.vavr.collection.List;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyPoolRacesTest extends KeyPoolRaces {

    @TempDir
    static Path dir;

    @Override
    protected List<JdbcStorage> openNodes() {
        return List.of(JdbcStorage.open(TestDatabases.freshSqlite(dir).withPoolSize(16)));
    }
}
