package dev.grantor.adapter.persistence;

class PostgresStorageTest extends StorageBehaviour {

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshPostgres();
    }
}
