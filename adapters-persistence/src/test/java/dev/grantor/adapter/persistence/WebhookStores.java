package dev.grantor.adapter.persistence;

import dev.grantor.application.contract.WebhookStorageUnderTest;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookEndpoints;
import java.sql.SQLException;

/** A store per database for the webhook contracts (opened once per JVM), its webhook tables emptied before each test. */
public final class WebhookStores {

    private WebhookStores() {}

    private static JdbcStorage sqlite;
    private static JdbcStorage postgres;

    public static synchronized WebhookStorageUnderTest sqlite() {
        if (sqlite == null) {
            sqlite = JdbcStorage.open(TestDatabases.freshSqliteInTemporaryDirectory().withPoolSize(8));
        }
        return new Tables(sqlite);
    }

    public static synchronized WebhookStorageUnderTest postgres() {
        if (postgres == null) {
            postgres = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(8));
        }
        return new Tables(postgres);
    }

    static void deleteAll(JdbcStorage storage) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM webhook_deliveries");
            statement.execute("DELETE FROM webhook_endpoints");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the webhook tables", e);
        }
    }

    private record Tables(JdbcStorage storage) implements WebhookStorageUnderTest {
        @Override
        public Transactions transactions() {
            return storage.transactions();
        }

        @Override
        public WebhookEndpoints webhookEndpoints() {
            return storage.webhookEndpoints();
        }

        @Override
        public WebhookDeliveries webhookDeliveries() {
            return storage.webhookDeliveries();
        }

        @Override
        public void reset() {
            deleteAll(storage);
        }
    }
}
