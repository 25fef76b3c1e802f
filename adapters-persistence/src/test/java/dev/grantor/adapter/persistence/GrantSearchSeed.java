package dev.grantor.adapter.persistence;

/**
 * A business's history for the search's plan tests, written with SQL both stores run: {@code n} grants of the world's
 * customer, one a second, each of its own payment ({@code pay_seed_<i>}); every second one delivered with a key ending in
 * its number ({@code SEED-KEY-<i>}, the key {@code lic_seed_<i>}), the others pending.
 */
final class GrantSearchSeed {

    private GrantSearchSeed() {}

    static String grantId(int i) {
        return "entg_SEEDGRA" + (10_000_000_000_000L + i);
    }

    static void grants(JdbcStorage storage, Samples.World world, int n) {
        String numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ") ";
        String business = world.businessId().value();
        String customer = world.customer().id().value();
        String entitlement = world.entitlement().id().value();
        String delivered = "i % 2 = 0";
        StoredRecords.execute(storage, numbers + "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id,"
                + " integration_type, payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
                + " license_key_id, license_key, version) SELECT 'entg_SEEDGRA' || (10000000000000 + i), '" + business + "', '" + world.business().defaultBrandId().value() + "', '"
                + customer + "', '" + entitlement + "', 'license_key', 'pay_seed_' || i, '{}', i * CAST(1000000000 AS BIGINT), i * CAST(1000000000 AS BIGINT),"
                + " CASE WHEN " + delivered + " THEN 'Delivered' ELSE 'Pending' END,"
                + " CASE WHEN " + delivered + " THEN 'Delivered' ELSE 'Pending' END,"
                + " CASE WHEN " + delivered + " THEN i * CAST(1000000000 AS BIGINT) END, CASE WHEN " + delivered + " THEN 'lic_SEEDKEY' || (10000000000000 + i) END,"
                + " CASE WHEN " + delivered + " THEN 'SEED-KEY-' || i END, 0 FROM n");
        StoredRecords.execute(storage, numbers + "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
                + " value, source, created_at, updated_at, version) SELECT 'lic_SEEDKEY' || (10000000000000 + i), '" + business + "', 'entg_SEEDGRA' || (10000000000000 + i), '"
                + customer + "', '" + entitlement + "', 'SEED-KEY-' || i, 'manual', i * CAST(1000000000 AS BIGINT), i * CAST(1000000000 AS BIGINT), 0 FROM n"
                + " WHERE " + delivered);
    }

    /** {@code n} more customers of the world's business, one a second: {@code seed<i>@example.com}, named {@code Seed <i>}. */
    static void customers(JdbcStorage storage, Samples.World world, int n) {
        StoredRecords.execute(storage, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ")"
                + " INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at)"
                + " SELECT 'cus_SEEDCUS' || (10000000000000 + i), '" + world.businessId().value() + "', 'seed' || i || '@example.com',"
                + " 'seed' || i || '@example.com', 'Seed ' || i, i * CAST(1000000000 AS BIGINT), i * CAST(1000000000 AS BIGINT) FROM n");
    }
}
