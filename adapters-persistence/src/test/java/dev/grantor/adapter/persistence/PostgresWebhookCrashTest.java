package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class PostgresWebhookCrashTest extends WebhookCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return TestDatabases.freshPostgres();
    }
}
