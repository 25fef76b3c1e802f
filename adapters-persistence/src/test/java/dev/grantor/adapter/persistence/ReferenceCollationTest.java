package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL every column that holds an id collates as the ids do ({@code "C"}, V22 for the ids, V33 for the columns
 * that name them): a reference under the database's own collation meets its id under two collations, PostgreSQL
 * compares the pair as {@code "C"}, and no index on the reference serves that comparison. A join from an id into its
 * references then read the whole table (a key's instances, until V31). Checked on a database created under English
 * rules, as a production database under {@code en_US.UTF-8} is, for each column named {@code id} or {@code *_id} and
 * the few that hold ids under another name, so a new table or column that forgets {@code COLLATE "C"} fails here. No
 * column is exempt: external ids (a payment's, a subscription's) are only compared with bound values, for which "C" is
 * as good as any collation.
 */
class ReferenceCollationTest {

    /** Columns that hold ids under another name: an audit entry's or a session's subject, a signing key's id. */
    private static final Set<String> NAMED_OTHERWISE = Set.of("audit_entries.subject", "web_login_links.subject",
            "web_sessions.subject", "signing_keys.kid");

    @Test
    void every_id_and_reference_column_collates_character_by_character() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2));
             var connection = storage.dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT c.relname || '.' || a.attname AS name, co.collname"
                     + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " JOIN pg_collation co ON co.oid = a.attcollation"
                     + " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
                     + " AND c.relname <> 'flyway_schema_history' ORDER BY 1")) {
            var checked = new ArrayList<String>();
            var otherwise = new ArrayList<String>();
            while (rows.next()) {
                String name = rows.getString("name");
                String column = name.substring(name.indexOf('.') + 1);
                if (column.equals("id") || column.endsWith("_id") || NAMED_OTHERWISE.contains(name)) {
                    checked.add(name);
                    if (!rows.getString("collname").equals("C")) {
                        otherwise.add(name + " (" + rows.getString("collname") + ")");
                    }
                }
            }
            assertThat(checked).as("the id columns found").contains("grants.id", "license_keys.grant_id",
                    "license_key_instances.business_id", "audit_entries.subject");
            assertThat(otherwise).as("id columns not collated \"C\"").isEmpty();
        }
    }
}
