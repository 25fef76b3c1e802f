package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.ListPlansTest.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Page;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /customers?name=} walks the business's customers newest first and folds each name: a part nobody's name
 * holds reads them all, so what a row costs is what the read costs. The fold is one function call a row on either store;
 * it was twenty-six nested {@code replace()} calls, ten times the time of a row (dev-notes/2026-12-06-s34/api). Counted
 * in the statements' programs, the LIKE itself aside: the function calls in PostgreSQL's filter, SQLite's function
 * opcodes. (PostgreSQL's plan shows {@code lower((name)::text)}: the "C" collation is applied but not printed.) That the fold
 * still folds ASCII letters only, so both stores find the same customers, is {@code CustomersContract}'s.
 */
class CustomerNameFoldPlansTest {

    private static final Customers.Filter BY_NAME = new Customers.Filter(Option.none(), Option.some("lovelace"), Option.none(),
            Option.none());
    private static final Pattern CALL = Pattern.compile("\\b[a-z_]+\\(");

    @TempDir
    Path dir;

    @Test
    void on_postgresql_a_name_part_costs_a_row_one_function_call() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);

            var plan = GenericPlans.explain(storage, numbered(JdbcCustomers.listing(BY_NAME, Dialect.POSTGRESQL),
                    "business_id", "name_pattern", "limit", "offset"), "text, text, int, bigint",
                    "'" + world.businessId().value() + "', '%lovelace%', 10, 0");

            var filter = plan.lines().filter(line -> line.contains("Filter:") && line.contains("name")).findFirst().orElseThrow();
            assertThat(CALL.matcher(filter).results().filter(call -> !call.group().equals("like_escape(")).count()).as(plan)
                    .isEqualTo(1);
            assertThat(storage.transactions().read(() -> storage.customers().list(world.businessId(), BY_NAME, new Page(0, 10))))
                    .isEmpty();
        }
    }

    @Test
    void on_sqlite_a_name_part_costs_a_row_one_function_call() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            Samples.world(storage);

            var program = new StringBuilder();
            long calls = 0;
            try (var connection = storage.dataSource().getConnection();
                 var statement = connection.prepareStatement("EXPLAIN " + JdbcCustomers.listing(BY_NAME, Dialect.SQLITE));
                 var rows = statement.executeQuery()) {
                while (rows.next()) {
                    program.append(rows.getString("opcode")).append(' ').append(rows.getString("p4")).append('\n');
                    calls += rows.getString("opcode").contains("Func") && !rows.getString("p4").startsWith("like(") ? 1 : 0;
                }
            }

            assertThat(calls).as(program.toString()).isEqualTo(1);
        }
    }
}
