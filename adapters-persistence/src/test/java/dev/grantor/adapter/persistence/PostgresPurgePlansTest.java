package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.SignIns.Realm;
import java.sql.SQLException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each purge of expired records reads only the chunk it deletes, walking its table's expiry index from the oldest, also
 * with a backlog (a flood's expired rows, or an outage's) many chunks long and on the generic plan a connection settles
 * on after a few runs: a plan that read the whole table (a sequential scan) or the whole backlog (a bitmap scan of every
 * expired row, then a sort) would make each chunk cost as much as the backlog is large, in the request that runs it.
 * On SQLite the index is pinned in the statement (a lost index fails the contracts there); here the planner chooses,
 * so its choice is what is checked. Counted in rows read, not timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPurgePlansTest {

    private static final int LIVE = 20_000;
    private static final int EXPIRED = 30_000;
    private static final int CHUNK = 1_000;
    private static final long CUTOFF = 1_000_000L;

    private JdbcStorage storage;

    @BeforeAll
    void fill() {
        storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2));
        // expired rows at 1..EXPIRED, live ones far after the cutoff
        rows("portal_sign_in_links (token_hash, business_id, customer_id, created_at, expires_at)",
                "'h' || g, 'bus_1', 'cus_1', 0, {at}");
        rows("portal_sign_in_codes (business_id, email_key, code_hash, created_at, expires_at)",
                "'bus_1', 'e' || g, 'c', 0, {at}");
        rows("web_login_links (token_hash, realm, business_id, subject, created_at, expires_at)",
                "'h' || g, 'CONSOLE', 'bus_1', 'op_1', 0, {at}");
        rows("web_sessions (token_hash, realm, business_id, subject, created_at, last_seen_at)",
                "'h' || g, CASE WHEN g % 2 = 0 THEN 'CONSOLE' ELSE 'PORTAL' END, 'bus_1', 'op_1', 0, {at}");
        rows("throttle_windows (bucket, window_start, attempts)", "'b' || g, {at}, 1");
        rows("idempotency_records (business_id, idempotency_key, fingerprint, claimed_at)", "'bus_1', 'k' || g, 'f', {at}");
        for (String table : new String[] {"portal_sign_in_links", "portal_sign_in_codes", "web_login_links", "web_sessions",
                "throttle_windows", "idempotency_records"}) {
            GenericPlans.analyze(storage, table);
        }
    }

    @AfterAll
    void close() {
        storage.close();
    }

    private void rows(String into, String values) {
        String moment = "CASE WHEN g <= " + EXPIRED + " THEN g ELSE " + CUTOFF + " * 1000 + g END";
        StoredRecords.execute(storage, "INSERT INTO " + into + " SELECT " + values.replace("{at}", moment)
                + " FROM generate_series(1, " + (EXPIRED + LIVE) + ") g");
    }

    static Stream<Arguments> purges() {
        var pg = Dialect.POSTGRESQL;
        return Stream.of(
                Arguments.of("portal_sign_in_links", JdbcPortalSignIns.LINK_EXPIRY_INDEX, JdbcPortalSignIns.linksPurge(pg)),
                Arguments.of("portal_sign_in_codes", JdbcPortalSignIns.CODE_EXPIRY_INDEX, JdbcPortalSignIns.codesPurge(pg)),
                Arguments.of("web_login_links", JdbcSignIns.EXPIRY_INDEX, JdbcSignIns.linksPurge(pg)),
                Arguments.of("web_sessions", JdbcSignIns.IDLE_INDEX, JdbcSignIns.sessionsPurge(pg, Realm.CONSOLE)),
                Arguments.of("web_sessions", JdbcSignIns.IDLE_INDEX, JdbcSignIns.sessionsPurge(pg, Realm.PORTAL)),
                Arguments.of("throttle_windows", JdbcThrottles.START_INDEX, JdbcThrottles.purge(pg)),
                Arguments.of("idempotency_records", JdbcIdempotencyRecords.CLAIMED_INDEX, JdbcIdempotencyRecords.purge(pg)));
    }

    @ParameterizedTest(name = "{0} along {1}")
    @MethodSource("purges")
    void a_chunk_reads_only_the_expired_rows_it_deletes_along_the_expiry_index(String table, String index, String purge)
            throws SQLException {
        String sql = purge.replace(":cutoff", "$1").replace(":limit", "$2");
        for (String plan : new String[] {GenericPlans.explain(storage, sql, "bigint, int", CUTOFF + ", " + CHUNK),
                GenericPlans.explainForTheValues(storage, sql, "bigint, int", CUTOFF + ", " + CHUNK)}) {
            assertThat(plan).as("a whole-table scan in:%n%s", plan).doesNotContain("Seq Scan on " + table);
            var walk = Pattern.compile("(?:Index (?:Only )?Scan using " + Pattern.quote(index) + " on " + Pattern.quote(table)
                    + "\\b[^(]*|Bitmap Index Scan on " + Pattern.quote(index) + " )\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)")
                    .matcher(plan);
            assertThat(walk.find()).as("a walk along %s in:%n%s", index, plan).isTrue();
            assertThat(Integer.parseInt(walk.group(1))).as("rows read for a chunk of %d of %d expired:%n%s", CHUNK, EXPIRED, plan)
                    .isLessThanOrEqualTo(CHUNK + 1);
        }
    }
}
