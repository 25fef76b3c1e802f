package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment that upgrades past PostgreSQL V38 / SQLite V35 (where each outbox row and webhook delivery started to name
 * its grant) sees its grants' earlier emails and deliveries as well (PostgreSQL V40, SQLite V37). The database is built to
 * the version before the link by the released migrations and holds rows an older release wrote: the session-24 fixture of
 * {@link OldRowsUpgradeTest} (its webhook deliveries, its queued emails and events) and, written here in the payload shapes
 * of older releases, a sent first delivery email (the hand-written JSON of the first release, nulls spelled out), a parked
 * resend, a queued replacement-key email, a queued and a sent event, a sign-in email, a key pool's delivery, and rows of
 * another business whose payloads name this business's grant. After the upgrade the grant's timeline, read through the port
 * the console reads, lists its emails and deliveries; the rest stay unlinked, a queued row's claim is as it was, and the
 * relay's purge takes a linked old email as it takes any.
 */
class GrantHistoryUpgradeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final long AT = 1_796_400_000_000_000_000L;
    private static final String OTHER = "bus_0VcvOtherBusinessShop1";

    @TempDir
    Path dir;

    @Test
    void a_sqlite_database_of_schema_v34_links_its_old_emails_and_deliveries_to_their_grants() {
        check(TestDatabases.freshSqlite(dir), "19", "34", "upgrade/sqlite-v19");
    }

    @Test
    void a_postgresql_database_of_schema_v37_links_its_old_emails_and_deliveries_to_their_grants() {
        check(TestDatabases.freshPostgres(), "21", "37", "upgrade/postgresql-v21");
    }

    private void check(StorageSettings settings, String fixtureVersion, String beforeTheLink, String fixture) {
        var known = OldRowsUpgradeTest.properties(fixture + ".properties");
        String business = known.getProperty("business");
        String grant = known.getProperty("grant.delivered");
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(fixtureVersion).load().migrate();
            OldRowsUpgradeTest.load(storage, OldRowsUpgradeTest.resource(fixture + ".sql"));
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(beforeTheLink).load().migrate();
            String endpoint = StoredRecords.strings(storage, "SELECT id FROM webhook_endpoints").getFirst();
            var fixtureDeliveries = StoredRecords.strings(storage, "SELECT id FROM webhook_deliveries WHERE business_id = '"
                    + business + "' AND payload LIKE '%\"" + grant + "\"%'");
            assertThat(fixtureDeliveries).as("the fixture's deliveries of the grant's events").hasSizeGreaterThanOrEqualTo(3);

            outbox(storage, "msg_old_first_email", business, "EMAIL", "email.license_key_delivery", "SENT", AT, null,
                    "{\"version\":1,\"grant_id\":\"" + grant + "\",\"to\":\"ada@example.com\",\"customer_name\":null,"
                            + "\"entitlement_name\":\"Pro\",\"license_key\":\"OLD-FIRST-0001\",\"activations_limit\":null,"
                            + "\"expires_at\":null,\"activation_message\":null}");
            outbox(storage, "msg_old_resend_parked", business, "EMAIL", "email.license_key_delivery", "PARKED", AT + 1,
                    "550 mailbox unavailable", "{\"version\":1,\"grant_id\":\"" + grant + "\",\"to\":\"ada@example.com\","
                            + "\"entitlement_name\":\"Pro\",\"license_key\":\"OLD-FIRST-0001\",\"resent\":true}");
            outbox(storage, "msg_old_replacement_q", business, "EMAIL", "email.license_key_delivery", "PENDING", AT + 2, null,
                    "{\"version\":1,\"grant_id\":\"" + grant + "\",\"to\":\"ada@example.com\",\"entitlement_name\":\"Pro\","
                            + "\"license_key\":\"OLD-NEXT-0002\",\"replaced_key_suffix\":\"0001\"}");
            outbox(storage, "msg_old_revoked_event", business, "EVENT", "entitlement_grant.revoked", "PENDING", AT + 3, null,
                    envelope(business, "entitlement_grant.revoked", "{\"id\":\"" + grant + "\",\"business_id\":\"" + business
                            + "\",\"metadata\":{\"id\":\"entg_not_this_one\",\"grant_id\":\"entg_nor_this\"}}"));
            outbox(storage, "msg_old_sent_event", business, "EVENT", "license_key.created", "SENT", AT + 4, null,
                    envelope(business, "license_key.created", "{\"id\":\"lic_0VcvOldKey\",\"grant_id\":\"" + grant + "\"}"));
            outbox(storage, "msg_old_sign_in", business, "EMAIL", "email.portal_sign_in", "SENT", AT + 5, null,
                    "{\"version\":1,\"business_id\":\"" + business + "\",\"business_name\":\"Acme\",\"to\":\"ada@example.com\","
                            + "\"customer_name\":null,\"kind\":\"LINK\",\"secret\":\"s3cret\",\"expires_at\":\"2026-12-05T10:00:00Z\"}");
            outbox(storage, "msg_other_business", OTHER, "EMAIL", "email.license_key_delivery", "SENT", AT + 6, null,
                    "{\"version\":1,\"grant_id\":\"" + grant + "\",\"to\":\"eve@example.com\",\"entitlement_name\":\"Pro\","
                            + "\"license_key\":\"OTHER-0001\"}");
            delivery(storage, "msg_other_delivery", OTHER, endpoint, "entitlement_grant.delivered", AT + 7,
                    envelope(OTHER, "entitlement_grant.delivered", "{\"id\":\"" + grant + "\"}"));
            delivery(storage, "msg_pool_delivery", business, endpoint, "key_pool.low_stock", AT + 8,
                    envelope(business, "key_pool.low_stock", "{\"pool_id\":\"kpl_0VcvPool\",\"available\":1}"));
            var queuedBefore = claimState(storage);

            storage.migrate();

            assertThat(StoredRecords.strings(storage, "SELECT id FROM outbox WHERE grant_id = '" + grant + "' ORDER BY id"))
                    .as("the grant's emails and its queued event; a sent event is read by nothing and left")
                    .containsExactly("msg_old_first_email", "msg_old_replacement_q", "msg_old_resend_parked", "msg_old_revoked_event");
            assertThat(StoredRecords.strings(storage, "SELECT id FROM outbox WHERE id IN ('msg_old_sign_in',"
                    + " 'msg_other_business', 'msg_old_sent_event') AND grant_id IS NULL ORDER BY id"))
                    .as("a sign-in email names no grant; another business's row names no grant of its own")
                    .containsExactly("msg_old_sent_event", "msg_old_sign_in", "msg_other_business");
            assertThat(StoredRecords.strings(storage, "SELECT id FROM webhook_deliveries WHERE grant_id IS NULL AND id IN"
                    + " ('msg_other_delivery', 'msg_pool_delivery') ORDER BY id")).containsExactly("msg_other_delivery", "msg_pool_delivery");
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM outbox o WHERE grant_id IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM grants g WHERE g.id = o.grant_id AND g.business_id = o.business_id)")
                    + StoredRecords.count(storage, "SELECT count(*) FROM webhook_deliveries d WHERE grant_id IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM grants g WHERE g.id = d.grant_id AND g.business_id = d.business_id)"))
                    .as("every link names a grant of the row's own business").isZero();
            assertThat(claimState(storage)).as("a queued row's status, attempts and next attempt as they were").isEqualTo(queuedBefore);
            assertThat(rerun(storage)).as("run again, the backfill finds nothing left").isZero();

            var engine = Grantor.builder().storage(storage).clock(InstantSource.fixed(NOW))
                    .mailer(emails -> emails.map(email -> SendOutcome.SENT)).eventSink(event -> SendOutcome.SENT).build();
            var page = engine.grantTimeline().timeline(new BusinessId(business), grant, Option.none(), 100);
            assertThat(page.isRight()).as("%s", page).isTrue();
            var emails = page.get().entries().filter(GrantTimeline.Email.class::isInstance).map(e -> (GrantTimeline.Email) e);
            assertThat(emails.map(e -> e.messageId() + " " + e.state()).toJavaList())
                    .as("the grant's page lists the emails it had before the upgrade, each as it stands")
                    .containsExactly("msg_old_replacement_q PENDING", "msg_old_resend_parked PARKED", "msg_old_first_email SENT");
            assertThat(emails.find(e -> e.messageId().equals("msg_old_resend_parked")).get().lastError())
                    .contains("550 mailbox unavailable");
            var webhooks = page.get().entries().filter(GrantTimeline.Webhook.class::isInstance).map(e -> (GrantTimeline.Webhook) e);
            assertThat(webhooks.map(GrantTimeline.Webhook::deliveryId).toJavaList())
                    .as("and the deliveries of its events, not another business's nor a pool's")
                    .containsExactlyInAnyOrderElementsOf(fixtureDeliveries);

            assertThat(storage.outbox().purgeSent(Instant.ofEpochSecond(0, AT + 1), 1_000))
                    .as("the relay's purge takes a linked old email like any sent one").isEqualTo(1);
            assertThat(engine.grantTimeline().timeline(new BusinessId(business), grant, Option.none(), 100).get().entries()
                    .filter(GrantTimeline.Email.class::isInstance).map(GrantTimeline.Entry::id).toJavaList())
                    .containsExactly("msg_old_replacement_q", "msg_old_resend_parked");
        }
    }

    private static String envelope(String business, String type, String data) {
        return "{\"business_id\":\"" + business + "\",\"type\":\"" + type + "\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"data\":"
                + data + "}";
    }

    private static void outbox(JdbcStorage storage, String id, String business, String kind, String topic, String status,
                               long at, String lastError, String payload) {
        StoredRecords.execute(storage, "INSERT INTO outbox (id, business_id, kind, topic, payload, created_at, attempts,"
                + " next_attempt_at, status, last_error, finished_at) VALUES ('" + id + "', '" + business + "', '" + kind + "', '"
                + topic + "', '" + payload + "', " + at + ", " + (lastError == null ? 0 : 5) + ", " + (at + 60_000_000_000L)
                + ", '" + status + "', " + (lastError == null ? "NULL" : "'" + lastError + "'") + ", "
                + (status.equals("PENDING") ? "NULL" : String.valueOf(at + 1_000)) + ")");
    }

    private static void delivery(JdbcStorage storage, String id, String business, String endpoint, String type, long at,
                                 String payload) {
        StoredRecords.execute(storage, "INSERT INTO webhook_deliveries (id, business_id, endpoint_id, event_id, event_type,"
                + " payload, created_at, status, attempts, next_attempt_at) VALUES ('" + id + "', '" + business + "', '" + endpoint
                + "', '" + id + "-event', '" + type + "', '" + payload + "', " + at + ", 'DELIVERED', 1, " + at + ")");
    }

    /** What the relay's and dispatcher's claims read and write of each row that is not finished. */
    private static List<String> claimState(JdbcStorage storage) {
        var state = new java.util.ArrayList<>(StoredRecords.strings(storage, "SELECT id || ' ' || status || ' ' || attempts || ' '"
                + " || next_attempt_at FROM outbox WHERE status <> 'SENT' ORDER BY id"));
        state.addAll(StoredRecords.strings(storage, "SELECT id || ' ' || status || ' ' || attempts || ' ' || next_attempt_at"
                + " FROM webhook_deliveries WHERE status = 'PENDING' ORDER BY id"));
        return state;
    }

    /** The backfill's statements once more, as a second node or a start after an interrupted one would run them. */
    private static int rerun(JdbcStorage storage) {
        String file = storage.databaseKind().equals("sqlite") ? "sqlite/V37__grant_emails_and_deliveries_before_v35.sql"
                : "postgresql/V40__grant_emails_and_deliveries_before_v38.sql";
        String script = OldRowsUpgradeTest.resource("db/migration/" + file);
        int updated = 0;
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*\\n")) {
                String code = sql.lines().filter(line -> !line.startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
                if (!code.isBlank()) {
                    updated += statement.executeUpdate(code);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot run the backfill again", e);
        }
        return updated;
    }
}
