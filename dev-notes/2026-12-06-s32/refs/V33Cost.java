package dev.grantor.adapter.persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Scratch (not committed): the start-up cost of V33 on three businesses of a merchant's size. */
class V33Cost {
    static final int GRANTS = Integer.getInteger("grants", 200_000), CUSTOMERS = 50_000;

    @Test
    void measure() throws Exception {
        var settings = TestDatabases.freshPostgres().withPoolSize(2).withMigrateOnStart(false);
        try (var storage = JdbcStorage.open(settings)) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations()).target("31").load().migrate();
            var out = new StringBuilder();
            long t0 = System.nanoTime();
            for (int b = 1; b <= 3; b++) {
                String bus = "'bus_" + b + "'", t = "'b" + b + "_'";
                exec(storage, "INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at)"
                        + " SELECT 'cus_' || " + t + " || g, " + bus + ", 'c' || g || '@example.com', 'c' || g || '@example.com', NULL, g, g"
                        + " FROM generate_series(1, " + CUSTOMERS + ") g");
                exec(storage, "INSERT INTO entitlements (id, business_id, name, description, integration_type, integration_config,"
                        + " metadata, created_at, updated_at, deleted_at, version) VALUES ('ent_' || " + t + ", " + bus
                        + ", 'Pro', NULL, 'license_key', '{}', '{}', 0, 0, NULL, 0)");
                exec(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
                        + " payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key, version)"
                        + " SELECT 'entg_' || " + t + " || g, " + bus + ", 'brand', 'cus_' || " + t + " || (1 + g % " + CUSTOMERS + "), 'ent_' || " + t + ","
                        + " 'license_key', 'pay_' || g, '{}', g::bigint * 1000000000, g::bigint * 1000000000, 'Delivered', 'Delivered', g,"
                        + " 'lic_' || " + t + " || g, 'KEY-' || " + t + " || g, 0 FROM generate_series(1, " + GRANTS + ") g");
                exec(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source,"
                        + " created_at, updated_at, version) SELECT license_key_id, business_id, id, customer_id, entitlement_id,"
                        + " license_key, 'auto', created_at, created_at, 0 FROM grants WHERE business_id = " + bus);
                exec(storage, "INSERT INTO license_key_instances (id, license_key_id, position, name, created_at)"
                        + " SELECT 'lki_' || id, id, 0, 'laptop', created_at FROM license_keys WHERE business_id = " + bus
                        + " AND created_at % 3000000000 = 0");
                exec(storage, "INSERT INTO audit_entries (id, business_id, actor, action, subject, detail, at)"
                        + " SELECT 'aud_' || id, business_id, 'operator', 'grant.revoked', id, '', created_at FROM grants"
                        + " WHERE business_id = " + bus + " AND created_at % 2000000000 = 0");
            }
            exec(storage, "VACUUM ANALYZE");
            out.append("seeded in ").append((System.nanoTime() - t0) / 1_000_000).append(" ms\n");
            for (String table : new String[] {"grants", "license_keys", "customers", "license_key_instances", "audit_entries"}) {
                out.append(table).append(' ').append(StoredRecords.count(storage, "SELECT count(*) FROM " + table)).append('\n');
            }
            long t1 = System.nanoTime();
            storage.migrate();
            out.append("V33 at start-up: ").append((System.nanoTime() - t1) / 1_000_000).append(" ms\n");
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/refs/scratch/v33cost.txt"), out);
        }
    }

    private static void exec(JdbcStorage storage, String sql) {
        StoredRecords.execute(storage, sql);
    }
}
