package dev.grantor.adapter.persistence;

/**
 * The child process of {@link GrantHistoryBackfillCrashTest}: a node starting on the store the test names, which applies
 * the pending migrations as every start does, then says so on stdout, unless it is killed first.
 */
public final class MigratingNode {

    private MigratingNode() {}

    public static void main(String[] args) {
        try (var storage = JdbcStorage.open(EngineProcess.store(args))) {
            System.out.println("MIGRATED " + storage.databaseKind());
            System.out.flush();
        }
    }
}
