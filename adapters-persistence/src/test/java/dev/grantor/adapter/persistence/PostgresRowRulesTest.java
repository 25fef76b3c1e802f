package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.instancio.Instancio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * On PostgreSQL the rules a row of grants, license_keys and outbox keeps are one CHECK a table calling a PL/pgSQL
 * function (V44), because PostgreSQL parses every CHECK constraint's stored text again for each statement that writes
 * the table. These tests hold the functions to the nineteen constraints they replaced: the constraints' own text, as
 * PostgreSQL printed it before V44, is the independent table here.
 */
class PostgresRowRulesTest {

    /** Each table's columns the rules read, in its function's order, with values that keep or break them (SQL literals). */
    private record Column(String name, String type, List<String> values) {}

    private record Table(String name, String function, List<Column> columns, Map<String, String> before) {}

    private static final Table GRANTS = new Table("grants", "grants_rules", List.of(
            new Column("status", "text", List.of("'Pending'", "'Delivered'", "'Failed'", "'Revoked'", "'Gone'", "NULL")),
            new Column("ended_status", "text", List.of("'Pending'", "'Delivered'", "'Failed'", "'Revoked'", "NULL")),
            new Column("delivered_at", "bigint", List.of("NULL", "1")),
            new Column("license_key_id", "text", List.of("NULL", "'lk_1'")),
            new Column("delivery_payload", "text", List.of("NULL", "'{}'")),
            new Column("failed_at", "bigint", List.of("NULL", "2")),
            new Column("error_code", "text", List.of("NULL", "'timeout'")),
            new Column("error_message", "text", List.of("NULL", "'took too long'")),
            new Column("integration_type", "text", List.of("'license_key'", "'discord'", "'feature_flag'", "'fax'", "NULL")),
            new Column("license_key", "text", List.of("NULL", "'KEY-1'")),
            new Column("payment_id", "text", List.of("NULL", "'pay_1'")),
            new Column("subscription_id", "text", List.of("NULL", "'sub_1'")),
            new Column("revoked_at", "bigint", List.of("NULL", "3")),
            new Column("revocation_reason", "text", List.of("NULL", "'refund'", "'platform_external'", "'whim'")),
            new Column("version", "bigint", List.of("0", "7", "-1", "NULL"))),
            ordered(
                    "grants_status", "(status = ANY (ARRAY['Pending'::text, 'Delivered'::text, 'Failed'::text, 'Revoked'::text]))",
                    "grants_ended_status", "((ended_status = ANY (ARRAY['Pending'::text, 'Delivered'::text, 'Failed'::text]))"
                            + " AND ((status = 'Revoked'::text) OR (status = ended_status)))",
                    "grants_delivery", "(((ended_status = 'Delivered'::text) = (delivered_at IS NOT NULL)) AND ((delivered_at IS NULL)"
                            + " OR ((license_key_id IS NOT NULL) <> (delivery_payload IS NOT NULL))))",
                    "grants_failure", "((ended_status = 'Failed'::text) = ((failed_at IS NOT NULL) AND (error_code IS NOT NULL)"
                            + " AND (error_message IS NOT NULL)))",
                    "grants_integration_type", "(integration_type = ANY (ARRAY['discord'::text, 'telegram'::text, 'github'::text,"
                            + " 'figma'::text, 'framer'::text, 'notion'::text, 'digital_files'::text, 'license_key'::text,"
                            + " 'feature_flag'::text]))",
                    "grants_key_only_for_license_key", "(((license_key_id IS NULL) OR (integration_type = 'license_key'::text))"
                            + " AND ((license_key_id IS NULL) = (license_key IS NULL)))",
                    "grants_one_origin", "((payment_id IS NULL) OR (subscription_id IS NULL))",
                    "grants_revocation", "((status = 'Revoked'::text) = ((revoked_at IS NOT NULL) AND (revocation_reason IS NOT NULL)))",
                    "grants_revocation_reason", "((revocation_reason IS NULL) OR (revocation_reason = ANY (ARRAY['manual'::text,"
                            + " 'refund'::text, 'subscription_cancelled'::text, 'subscription_on_hold'::text,"
                            + " 'subscription_paused'::text, 'subscription_expired'::text, 'plan_changed'::text,"
                            + " 'license_key_disabled'::text, 'platform_external'::text])))",
                    "grants_version_check", "(version >= 0)"));

    private static final Table LICENSE_KEYS = new Table("license_keys", "license_keys_rules", List.of(
            new Column("value", "text", List.of("'KEY-1'", "' KEY-1'", "'KEY-1 '", "''", "repeat('k', 1024)", "repeat('k', 1025)", "NULL")),
            new Column("expires_at_second", "bigint", List.of("NULL", "1700000000")),
            new Column("expires_at_nano", "integer", List.of("NULL", "0", "999999999", "1000000000", "-1")),
            new Column("source", "text", List.of("'auto'", "'manual'", "'import'", "'gift'", "NULL")),
            new Column("grant_id", "text", List.of("'gnt_1'", "NULL")),
            new Column("activations_limit", "integer", List.of("NULL", "1", "0", "5")),
            new Column("version", "bigint", List.of("0", "-1", "NULL"))),
            ordered(
                    "license_keys_value_trimmed", "(((length(value) >= 1) AND (length(value) <= 1024)) AND (value = btrim(value)))",
                    "license_keys_expiry", "(((expires_at_second IS NULL) = (expires_at_nano IS NULL)) AND ((expires_at_nano IS NULL)"
                            + " OR ((expires_at_nano >= 0) AND (expires_at_nano <= 999999999))))",
                    "license_keys_source", "(source = ANY (ARRAY['auto'::text, 'manual'::text, 'import'::text]))",
                    "license_keys_grant_unless_imported", "((grant_id IS NOT NULL) OR (source = 'import'::text))",
                    "license_keys_activations_limit", "((activations_limit IS NULL) OR (activations_limit >= 1))",
                    "license_keys_version_check", "(version >= 0)"));

    private static final Table OUTBOX = new Table("outbox", "outbox_rules", List.of(
            new Column("status", "text", List.of("'PENDING'", "'SENT'", "'PARKED'", "'LOST'", "NULL")),
            new Column("kind", "text", List.of("'EMAIL'", "'EVENT'", "'FAX'", "NULL")),
            new Column("attempts", "integer", List.of("0", "3", "-1", "NULL"))),
            ordered(
                    "outbox_status", "(status = ANY (ARRAY['PENDING'::text, 'SENT'::text, 'PARKED'::text]))",
                    "outbox_kind", "(kind = ANY (ARRAY['EMAIL'::text, 'EVENT'::text]))",
                    "outbox_attempts", "(attempts >= 0)"));

    private static JdbcStorage storage;

    @BeforeAll
    static void open() {
        storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2));
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    private static Map<String, String> ordered(String... nameThenExpression) {
        var rules = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameThenExpression.length; i += 2) {
            rules.put(nameThenExpression[i], nameThenExpression[i + 1]);
        }
        return rules;
    }

    @Test
    void each_table_keeps_one_check_and_it_calls_the_tables_function() {
        for (var table : List.of(GRANTS, LICENSE_KEYS, OUTBOX)) {
            var checks = StoredRecords.strings(storage, "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE contype = 'c' AND conrelid = '" + table.name() + "'::regclass");
            assertThat(checks).as(table.name()).singleElement().asString()
                    .startsWith(table.function() + " CHECK (" + table.function() + "(" + table.columns().getFirst().name());
        }
    }

    /**
     * A generated row: an index into each column's values, as many as the widest table has columns. Each column's first
     * value keeps every rule, and a row changes up to five columns from there, so rows on both sides of each rule come up.
     */
    record Row(List<Integer> picks) {}

    @Test
    void generated_rows_pass_exactly_when_the_nineteen_constraints_passed_them_and_a_refusal_names_a_rule_they_broke()
            throws SQLException {
        var rows = Instancio.ofList(Row.class).size(400)
                .supply(all(Row.class), random -> {
                    var picks = new ArrayList<Integer>(Collections.nCopies(15, 0));
                    for (int changes = random.intRange(0, 5); changes > 0; changes--) {
                        picks.set(random.intRange(0, 14), random.intRange(0, 6));
                    }
                    return new Row(List.copyOf(picks));
                })
                .withSeed(48).create();
        try (var connection = storage.dataSource().getConnection()) {
            for (var table : List.of(GRANTS, LICENSE_KEYS, OUTBOX)) {
                int refused = 0;
                for (var row : rows) {
                    var values = new ArrayList<String>();
                    for (int c = 0; c < table.columns().size(); c++) {
                        var column = table.columns().get(c);
                        values.add("CAST(" + column.values().get(row.picks().get(c) % column.values().size()) + " AS "
                                + column.type() + ")");
                    }
                    var source = " FROM (VALUES (" + String.join(", ", values) + ")) AS r("
                            + table.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")";
                    var broken = brokenBefore(connection, table, source);
                    var described = table.name() + " " + values;
                    try (var statement = connection.createStatement();
                         var answer = statement.executeQuery("SELECT " + table.function() + "("
                                 + table.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")" + source)) {
                        answer.next();
                        assertThat(broken).as("no rule broken, so passed: " + described).isEmpty();
                        assertThat(answer.getBoolean(1)).as(described).isTrue();
                    } catch (PSQLException refusal) {
                        assertThat(refusal.getSQLState()).as(described).isEqualTo("23514");
                        assertThat(broken).as("refused as " + refusal.getServerErrorMessage().getConstraint() + ": " + described)
                                .contains(refusal.getServerErrorMessage().getConstraint());
                        refused++;
                    }
                }
                assertThat(refused).as(table.name() + ": both outcomes generated").isBetween(1, rows.size() - 1);
            }
        }
    }

    /** The rules the row broke under the old constraints: a CHECK passes a row whose expression is true or null. */
    private static List<String> brokenBefore(Connection connection, Table table, String source) throws SQLException {
        var broken = new ArrayList<String>();
        try (var statement = connection.createStatement();
             var answer = statement.executeQuery("SELECT " + String.join(", ", table.before().values()) + source)) {
            answer.next();
            int i = 1;
            for (var rule : table.before().keySet()) {
                boolean held = answer.getBoolean(i);
                if (!held && !answer.wasNull()) {
                    broken.add(rule);
                }
                i++;
            }
        }
        return broken;
    }

    /** A write that breaks one rule, and the rule the refusal must name. */
    private record Breach(String table, String set, String rule) {}

    @Test
    void a_write_that_breaks_a_rule_is_refused_naming_that_rule_for_each_of_the_nineteen() throws SQLException {
        var breaches = List.of(
                new Breach("grants", "status = 'Gone'", "grants_status"),
                new Breach("grants", "ended_status = 'Revoked'", "grants_ended_status"),
                new Breach("grants", "delivered_at = 1", "grants_delivery"),
                new Breach("grants", "status = 'Failed', ended_status = 'Failed'", "grants_failure"),
                new Breach("grants", "integration_type = 'fax'", "grants_integration_type"),
                new Breach("grants", "license_key = 'KEY-1'", "grants_key_only_for_license_key"),
                new Breach("grants", "payment_id = 'pay_1', subscription_id = 'sub_1'", "grants_one_origin"),
                new Breach("grants", "status = 'Revoked'", "grants_revocation"),
                new Breach("grants", "revocation_reason = 'whim'", "grants_revocation_reason"),
                new Breach("grants", "version = -1", "grants_version_check"),
                new Breach("license_keys", "value = ' KEY-1'", "license_keys_value_trimmed"),
                new Breach("license_keys", "expires_at_second = 1700000000", "license_keys_expiry"),
                new Breach("license_keys", "source = 'gift'", "license_keys_source"),
                new Breach("license_keys", "grant_id = NULL", "license_keys_grant_unless_imported"),
                new Breach("license_keys", "activations_limit = 0", "license_keys_activations_limit"),
                new Breach("license_keys", "version = -1", "license_keys_version_check"),
                new Breach("outbox", "status = 'LOST'", "outbox_status"),
                new Breach("outbox", "kind = 'FAX'", "outbox_kind"),
                new Breach("outbox", "attempts = -1", "outbox_attempts"));
        assertThat(breaches.stream().map(Breach::rule).toList()).containsExactlyInAnyOrderElementsOf(
                List.of(GRANTS, LICENSE_KEYS, OUTBOX).stream().flatMap(t -> t.before().keySet().stream()).toList());
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                // rows with no parents: foreign keys and triggers are not what is tested here, and replica mode skips them
                statement.execute("SET LOCAL session_replication_role = replica");
                statement.execute("INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
                        + " metadata, created_at, updated_at, status, ended_status, version)"
                        + " VALUES ('gnt_rules', 'bus_rules', 'brd_rules', 'cus_rules', 'ent_rules', 'license_key', '{}', 1, 1,"
                        + " 'Pending', 'Pending', 0)");
                statement.execute("INSERT INTO license_keys (id, business_id, customer_id, entitlement_id, value, source,"
                        + " grant_id, created_at, updated_at, version)"
                        + " VALUES ('lk_rules', 'bus_rules', 'cus_rules', 'ent_rules', 'KEY-1', 'manual', 'gnt_rules', 1, 1, 0)");
                statement.execute("INSERT INTO outbox (id, business_id, kind, topic, payload, created_at, attempts,"
                        + " next_attempt_at, status) VALUES ('obx_rules', 'bus_rules', 'EMAIL', 'email.test', '{}', 1, 0, 1,"
                        + " 'PENDING')");
                for (var breach : breaches) {
                    statement.execute("SAVEPOINT breach");
                    assertThatThrownBy(() -> statement.executeUpdate("UPDATE " + breach.table() + " SET " + breach.set()))
                            .as(breach.set())
                            .isInstanceOfSatisfying(PSQLException.class, refusal -> {
                                assertThat(refusal.getSQLState()).isEqualTo("23514");
                                assertThat(refusal.getServerErrorMessage().getConstraint()).isEqualTo(breach.rule());
                                assertThat(refusal.getServerErrorMessage().getTable()).isEqualTo(breach.table());
                                assertThat(refusal.getMessage()).contains("violates check constraint \"" + breach.rule() + "\"");
                            });
                    statement.execute("ROLLBACK TO SAVEPOINT breach");
                }
                assertThat(statement.executeUpdate("UPDATE grants SET status = 'Revoked', revoked_at = 3,"
                        + " revocation_reason = 'refund'")).as("a write that keeps every rule").isEqualTo(1);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
