package dev.grantor.adapter.persistence;

class PostgresEngineRacesTest extends EngineRaces {

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshPostgres();
    }
}
