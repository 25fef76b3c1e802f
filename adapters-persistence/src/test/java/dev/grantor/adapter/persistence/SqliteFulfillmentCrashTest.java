package dev.grantor.adapter.persistence;

import java.nio.file.Path;

class SqliteFulfillmentCrashTest extends FulfillmentCrashBehaviour {

    @Override
    protected StorageSettings store(Path dir) {
        return StorageSettings.sqlite(dir);
    }
}
