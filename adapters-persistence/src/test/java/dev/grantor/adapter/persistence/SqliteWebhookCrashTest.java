package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class SqliteWebhookCrashTest extends WebhookCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return StorageSettings.sqlite(dir);
    }
}
