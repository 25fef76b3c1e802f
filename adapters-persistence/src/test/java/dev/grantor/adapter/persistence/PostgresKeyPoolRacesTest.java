package dev.grantor.adapter.persistence;

import io.vavr.collection.List;

class PostgresKeyPoolRacesTest extends KeyPoolRaces {

    @Override
    protected List<JdbcStorage> openNodes() {
        return List.of(JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(16)));
    }
}
