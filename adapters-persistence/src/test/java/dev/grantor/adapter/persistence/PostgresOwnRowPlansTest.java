package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.grant.Grant;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A business's grant found by its id, or joined to its license key by its id, is found through the primary key, also on
 * a young table that has no statistics yet, where the planner rates a walk of a business-first listing index (bounded
 * by the business and the id it ends in) as cheap as the key and took it, on every connection that prepared the
 * statement then, for as long as the table went unanalysed (see {@link OwnRow}). Checked on the generic plan, as a
 * connection runs the statement from its sixth use; each statement here fails with the business compared plainly
 * ({@code business_id = :business_id}, {@code g.business_id = k.business_id}).
 */
class PostgresOwnRowPlansTest {

    private static final int YOUNG = 30;

    @Test
    void a_fulfillment_s_read_and_write_of_its_grant_go_through_the_primary_key_before_any_statistics() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var grant = youngGrants(storage).get(YOUNG / 2);
            String arguments = "'" + grant.id().value() + "', '" + grant.businessId().value() + "'";

            var statements = List.of(JdbcGrantParties.SQL,
                    JdbcGrants.FIND,
                    // a version no grant has, so the explained update changes nothing (every value it sets NULL)
                    JdbcGrants.UPDATE.replace(":version", "-1").replaceAll(":(?!id\\b|business_id\\b)[a-z_]+", "NULL"));
            for (String sql : statements) {
                assertThroughTheKey(GenericPlans.explain(storage, sql.replace(":business_id", "$2").replace(":id", "$1"),
                        "text, text", arguments), sql);
            }
        }
    }

    @Test
    void a_validation_s_join_to_its_key_s_grant_goes_through_the_primary_key_before_any_statistics() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            youngGrants(storage);

            assertThroughTheKey(GenericPlans.explain(storage, JdbcLicenseKeys.FOR_VALIDATION.replace("?", "$1"), "text",
                    "'" + Samples.keyValue() + "'"), JdbcLicenseKeys.FOR_VALIDATION);
            assertThroughTheKey(GenericPlans.explain(storage, JdbcLicenseKeys.FOR_VALIDATION_OF_INSTANCE
                    .replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2"), "text, text",
                    "'lki_none', '" + Samples.keyValue() + "'"), JdbcLicenseKeys.FOR_VALIDATION_OF_INSTANCE);
            // four rows: a key and its instance, a key alone, a value no key has, and a row asking for nothing
            var numbered = new StringBuilder();
            var parameters = JdbcLicenseKeys.FOR_VALIDATIONS[2].split("\\?", -1);
            for (int i = 0; i < parameters.length; i++) {
                numbered.append(parameters[i]).append(i + 1 < parameters.length ? "$" + (i + 1) : "");
            }
            String together = GenericPlans.explain(storage, numbered.toString(), "text, text, text, text, text, text, text, text",
                    "'" + Samples.keyValue() + "', 'lki_none', '" + Samples.keyValue() + "', NULL, 'NOPE', NULL, NULL, NULL");
            assertThroughTheKey(together, JdbcLicenseKeys.FOR_VALIDATIONS[2]);
            assertThat(together).as("the plan of %s:%n%s", JdbcLicenseKeys.FOR_VALIDATIONS[2], together)
                    .contains("Index Scan using license_keys_value_unique on license_keys")
                    .doesNotContain("Seq Scan on license_keys").doesNotContain("Hash");
        }
    }

    /** {@link #YOUNG} grants of one business, stored and never analysed. */
    private static List<Grant> youngGrants(JdbcStorage storage) {
        var world = Samples.world(storage);
        var grants = List.range(0, YOUNG).map(i -> Samples.pendingGrant(world, Samples.T0.plusSeconds(i)));
        storage.transactions().write(() -> {
            grants.forEach(storage.grants()::insert);
            return Either.right(true);
        });
        return grants;
    }

    private static void assertThroughTheKey(String plan, String sql) {
        assertThat(plan).as("the plan of %s:%n%s", sql, plan).containsPattern("Index Scan using grants_pkey on grants")
                .doesNotContain("grants_by_").doesNotContain("grants_newest");
    }
}
