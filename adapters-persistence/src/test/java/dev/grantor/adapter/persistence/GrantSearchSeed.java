package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

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
        grants(storage, world, n, "");
    }

    /** As {@link #grants(JdbcStorage, Samples.World, int)}, each key's value followed by {@code suffix}: one tail for every key. */
    static void grants(JdbcStorage storage, Samples.World world, int n, String suffix) {
        String value = "'SEED-KEY-' || i || '" + suffix + "'";
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
                + " CASE WHEN " + delivered + " THEN " + value + " END, 0 FROM n");
        StoredRecords.execute(storage, numbers + "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
                + " value, source, created_at, updated_at, version) SELECT 'lic_SEEDKEY' || (10000000000000 + i), '" + business + "', 'entg_SEEDGRA' || (10000000000000 + i), '"
                + customer + "', '" + entitlement + "', " + value + ", 'manual', i * CAST(1000000000 AS BIGINT), i * CAST(1000000000 AS BIGINT), 0 FROM n"
                + " WHERE " + delivered);
    }

    /** {@code n} more customers of the world's business, one a second: {@code seed<i>@example.com}, named {@code Seed <i>}. */
    static void customers(JdbcStorage storage, Samples.World world, int n) {
        StoredRecords.execute(storage, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ")"
                + " INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at)"
                + " SELECT 'cus_SEEDCUS' || (10000000000000 + i), '" + world.businessId().value() + "', 'seed' || i || '@example.com',"
                + " 'seed' || i || '@example.com', 'Seed ' || i, i * CAST(1000000000 AS BIGINT), i * CAST(1000000000 AS BIGINT) FROM n");
    }

    /**
     * Every grant the search finds for {@code sought}, read {@code limit} at a time, each page from where the last ended
     * (as the console's "Older grants" link goes on): the ids in the order the pages gave them.
     */
    static java.util.List<String> pagedThrough(JdbcStorage storage, BusinessId business, Sought sought,
                                               Option<GrantStatus> status, int limit) {
        var found = new ArrayList<String>();
        Option<Before> before = Option.none();
        while (true) {
            Option<Before> from = before;
            var page = storage.transactions().read(() -> storage.grants().search(business, sought, status, from, limit));
            page.forEach(g -> found.add(g.id().value()));
            if (page.size() < limit) {
                return found;
            }
            before = Option.some(new Before(page.last().createdAt(), page.last().id().value()));
        }
    }

    /** The ids of the seeded grants numbered 1 to {@code n} that {@code kept} keeps, newest first. */
    static java.util.List<String> newestFirst(int n, IntPredicate kept) {
        return IntStream.iterate(n, i -> i >= 1, i -> i - 1).filter(kept).mapToObj(GrantSearchSeed::grantId).toList();
    }
}
