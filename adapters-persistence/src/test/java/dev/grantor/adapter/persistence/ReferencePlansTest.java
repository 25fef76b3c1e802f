package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.control.Option;
import java.sql.SQLException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Joins from a row's id into the rows that name it go through the index on the reference, now that both collate as
 * {@code "C"} (V33): before, the pair was compared as "C" and the reference's index, built under the database's
 * collation, could not serve it, so each of these read every row of the joined table. And a business's license key
 * instances are listed from their own part of the instances' index (V33), not by walking every business's newest first.
 * Counted in rows read on PostgreSQL's generic plan over {@link ListPlansTest}'s 3,000 grants and keys. Not timed.
 */
class ReferencePlansTest {

    private static final int PAGE = 10;

    @Test
    void a_join_from_an_id_into_its_references_reads_through_the_reference_s_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = ListPlansTest.seeded(storage);
            StoredRecords.execute(storage, "INSERT INTO audit_entries (id, business_id, actor, action, subject, detail, at)"
                    + " SELECT 'aud_' || id, business_id, 'operator', 'grant.revoked', id, '', created_at FROM grants");
            StoredRecords.execute(storage, "ANALYZE");
            String grant = "'entg_100'";
            var softly = new SoftAssertions();

            var keyOfGrant = GenericPlans.explain(storage, "SELECT k.id FROM grants g JOIN license_keys k ON k.grant_id = g.id"
                    + " WHERE g.id = $1", "text", grant);
            softly.assertThat(read(keyOfGrant, "license_keys k")).as("a grant's key:%n%s", keyOfGrant).isEqualTo(1);

            // cus_7's 14 grants: 10 of the entitlement's, 4 among the other entitlement's failed ones
            var grantsOfCustomer = GenericPlans.explain(storage, "SELECT g.id FROM customers c JOIN grants g"
                    + " ON g.business_id = c.business_id AND g.customer_id = c.id WHERE c.id = $1", "text", "'cus_7'");
            softly.assertThat(read(grantsOfCustomer, "grants g")).as("a customer's grants:%n%s", grantsOfCustomer)
                    .isEqualTo(14);

            var auditOfGrant = GenericPlans.explain(storage, "SELECT a.id FROM grants g JOIN audit_entries a"
                    + " ON a.business_id = g.business_id AND a.subject = g.id WHERE g.id = $1", "text", grant);
            softly.assertThat(read(auditOfGrant, "audit_entries a")).as("a grant's audit entries:%n%s", auditOfGrant)
                    .isEqualTo(1);

            var grantsOfEntitlement = GenericPlans.explain(storage, "SELECT g.id FROM entitlements e JOIN grants g"
                    + " ON g.entitlement_id = e.id WHERE e.id = $1 AND g.status = 'Failed'"
                    + " ORDER BY g.created_at DESC, g.id DESC LIMIT " + PAGE, "text",
                    "'" + world.entitlement().id().value() + "'");
            softly.assertThat(read(grantsOfEntitlement, "grants g")).as("an entitlement's failed grants:%n%s",
                    grantsOfEntitlement).isEqualTo(PAGE);
            softly.assertAll();
        }
    }

    @Test
    void a_business_s_instances_are_read_without_another_business_s() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = ListPlansTest.seeded(storage);
            // the business's 30 oldest keys have an instance; another business's 3,000 keys, all newer, have one each
            StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
                    + " value, source, created_at, updated_at, version) SELECT 'lic_other_' || id, 'biz_other', grant_id,"
                    + " customer_id, entitlement_id, 'OTHER-' || value, 'import', created_at + 10000000000000, updated_at, 0"
                    + " FROM license_keys");
            StoredRecords.execute(storage, "INSERT INTO license_key_instances (id, license_key_id, business_id, position, name,"
                    + " created_at) SELECT 'lki_' || id, id, business_id, 0, 'laptop', created_at FROM license_keys"
                    + " WHERE business_id = 'biz_other' OR created_at <= 30000000000");
            StoredRecords.execute(storage, "ANALYZE");

            var page = GenericPlans.explain(storage, ListPlansTest.numbered(JdbcLicenseKeys.instanceListing(
                    new LicenseKeys.InstanceFilter(Option.none(), Option.none())), "business_id", "limit", "offset"),
                    "text, int, bigint", "'" + world.businessId().value() + "', " + PAGE + ", 0");
            assertThat(read(page, "license_key_instances i")).as("a page of the business's instances:%n%s", page)
                    .isEqualTo(PAGE);
            assertThat(page).as(page).doesNotContain("Sort Key");

            // by key, the big business's list reads that key's instances, not the business's (the filter's id only shapes
            // the statement; the seeded key's id is bound)
            var ofKey = GenericPlans.explain(storage, ListPlansTest.numbered(JdbcLicenseKeys.instanceListing(
                    new LicenseKeys.InstanceFilter(Option.some(new LicenseKeyId(ContractFixtures.id(LicenseKeyId.PREFIX))),
                            Option.none())),
                    "business_id", "license_key_id", "limit", "offset"), "text, text, int, bigint",
                    "'biz_other', 'lic_other_lic_100', " + PAGE + ", 0");
            assertThat(read(ofKey, "license_key_instances i")).as("a key's instances:%n%s", ofKey).isEqualTo(1);
        }
    }

    /** The rows the plan's scan of {@code table} read: those it passed on and those its own filter passed over. */
    private static int read(String plan, String table) {
        int read = GenericPlans.rowsRead(plan, table);
        int scan = plan.indexOf(" on " + table + " ");
        int next = plan.indexOf("->", scan);
        var removed = java.util.regex.Pattern.compile("Rows Removed by Filter: (\\d+)")
                .matcher(plan.substring(scan, next < 0 ? plan.length() : next));
        return read + (removed.find() ? Integer.parseInt(removed.group(1)) : 0);
    }
}
