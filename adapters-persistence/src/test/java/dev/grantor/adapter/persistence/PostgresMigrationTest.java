package dev.grantor.adapter.persistence;

class PostgresMigrationTest extends MigrationBehaviour {

    private StorageSettings settings;

    /** One fresh database per test: the test opens it several times. */
    @Override
    protected StorageSettings settings() {
        if (settings == null) {
            settings = TestDatabases.freshPostgres();
        }
        return settings;
    }
}
