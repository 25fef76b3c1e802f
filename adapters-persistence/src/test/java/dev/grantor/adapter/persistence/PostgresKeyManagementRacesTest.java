package dev.grantor.adapter.persistence;

class PostgresKeyManagementRacesTest extends KeyManagementRaces {

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshPostgres();
    }
}
