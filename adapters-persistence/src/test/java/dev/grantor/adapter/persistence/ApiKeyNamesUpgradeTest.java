package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.service.AccessService;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose keys were named before names were unique (sqlite V25, postgresql V28 allowed two live keys of one
 * business called "billing" and "Billing") upgrades without touching them: both keep their names and keep working,
 * no new key or rename may take that name while either holds it, and once one is renamed and the other revoked, the
 * name is free again, and then held by the store's index like any other.
 */
class ApiKeyNamesUpgradeTest {

    private static final String BUSINESS = "bus_0Vcv9BnJDnn5jTfmI4nIb";

    @TempDir
    Path dir;

    @Test
    void sqlite_keys_named_alike_before_v26_keep_their_names_and_the_name_is_held_from_then_on() throws SQLException {
        check(TestDatabases.freshSqlite(dir), "25");
    }

    @Test
    void postgresql_keys_named_alike_before_v29_keep_their_names_and_the_name_is_held_from_then_on() throws SQLException {
        check(TestDatabases.freshPostgres(), "28");
    }

    private void check(StorageSettings settings, String oldVersion) throws SQLException {
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(oldVersion).load().migrate();
            try (var connection = storage.dataSource().getConnection()) {
                try (var business = connection.prepareStatement(
                        "INSERT INTO businesses (id, name, default_brand_id, created_at) VALUES (?, 'Old Shop', 'brd_0Vcv9BnJx3f6ni2NGO2AB', 1)")) {
                    business.setString(1, BUSINESS);
                    business.executeUpdate();
                }
                try (var key = connection.prepareStatement("INSERT INTO api_keys (id, business_id, token_hash, read_only, created_at,"
                        + " revoked_at, token_prefix, last_used_at, name) VALUES (?, ?, ?, ?, ?, NULL, 'gr_live_AAAA', NULL, ?)")) {
                    insert(key, "key_0Vcv9DiowF78kPzKODbN1", "gr_live_" + "1".repeat(40), 1, "billing");
                    insert(key, "key_0Vcv9DiowF78kPzKODbN2", "gr_live_" + "2".repeat(40), 2, "Billing");
                    insert(key, "key_0Vcv9DiowF78kPzKODbN3", "gr_live_" + "3".repeat(40), 3, "store");
                }
            }

            storage.migrate();

            var clock = new MutableClock();
            var engine = Grantor.builder().storage(storage).clock(clock)
                    .mailer(emails -> emails.map(email -> SendOutcome.SENT)).eventSink(event -> SendOutcome.SENT).build();
            var business = new BusinessId(BUSINESS);
            var owner = new Actor.Owner();
            assertThat(engine.access().apiKeyNames(business).values()).as("no name changed")
                    .containsExactlyInAnyOrder("billing", "Billing", "store");
            assertThat(engine.access().authenticate("gr_live_" + "1".repeat(40)).isRight()).isTrue();
            assertThat(engine.access().authenticate("gr_live_" + "2".repeat(40)).isRight()).isTrue();

            assertThat(engine.access().createApiKey(business, false, Option.some("BILLING"), owner).getLeft().code())
                    .isEqualTo(ErrorCode.API_KEY_NAME_TAKEN);
            assertThat(engine.accessAdministration().rename("key_0Vcv9DiowF78kPzKODbN3", Option.some("billing"), owner)
                    .getLeft().code()).isEqualTo(ErrorCode.API_KEY_NAME_TAKEN);
            assertThat(engine.accessAdministration().rename("key_0Vcv9DiowF78kPzKODbN1", Option.some("billing-old"), owner)
                    .isRight()).isTrue();
            assertThat(engine.access().createApiKey(business, false, Option.some("billing"), owner).getLeft().code())
                    .as("the other old key still holds it").isEqualTo(ErrorCode.API_KEY_NAME_TAKEN);
            assertThat(engine.accessAdministration().revoke("key_0Vcv9DiowF78kPzKODbN2", owner).isRight()).isTrue();

            var fresh = engine.access().createApiKey(business, false, Option.some("billing"), owner);
            assertThat(fresh.isRight()).as("%s", fresh).isTrue();
            assertThat(storage.apiKeys().find(fresh.get().id()).get().name()).contains("billing");
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM api_keys WHERE name_key = 'billing'"))
                    .as("the new key in the index; the old ones stay outside it until renamed").isEqualTo(1);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM api_keys WHERE name_key = 'billing-old'")).isEqualTo(1);
        }
    }

    private static void insert(java.sql.PreparedStatement key, String id, String token, long createdAt, String name)
            throws SQLException {
        key.setString(1, id);
        key.setString(2, BUSINESS);
        key.setString(3, AccessService.hash(token));
        key.setBoolean(4, false);
        key.setLong(5, createdAt);
        key.setString(6, name);
        key.executeUpdate();
    }
}
