package dev.grantor.adapter.persistence;

import io.vavr.collection.List;

/** Two engines, each with its own connection pool, on one PostgreSQL database: what two Grantor instances share. */
class PostgresTwoNodesKeyPoolRacesTest extends KeyPoolRaces {

    @Override
    protected List<JdbcStorage> openNodes() {
        var database = TestDatabases.freshPostgres();
        return List.of(JdbcStorage.open(database.withPoolSize(8)), JdbcStorage.open(database.withPoolSize(8)));
    }
}
