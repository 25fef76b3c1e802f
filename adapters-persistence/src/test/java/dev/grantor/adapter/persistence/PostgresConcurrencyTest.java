package dev.grantor.adapter.persistence;

class PostgresConcurrencyTest extends ConcurrencyBehaviour {

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshPostgres();
    }
}
