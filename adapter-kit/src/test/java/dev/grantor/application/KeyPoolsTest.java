package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.KeyPoolManagement.ChangePool;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.LineStatus;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's key pools on the in-memory store: issue from a pool, wait, restock, alerts, void, import rules. */
class KeyPoolsTest {

    final EngineFixture engine = new EngineFixture();
    final Grantor grantor = engine.grantor;
    final Entitlement entitlement = engine.manualEntitlement();
    final String entitlementId = entitlement.id().value();

    KeyPoolManagementView pool(long threshold) {
        return new KeyPoolManagementView(grantor.keyPools().open(engine.business, entitlementId, new OpenPool(threshold)).get());
    }

    record KeyPoolManagementView(dev.grantor.application.port.in.KeyPoolManagement.PoolView view) {}

    dev.grantor.application.port.in.KeyPoolManagement.ImportReport importKeys(String... keys) {
        var lines = List.of(keys).zipWithIndex().map(k -> KeyLine.of(k._2 + 1, k._1, null, null));
        return grantor.keyPools().importKeys(engine.business, entitlementId, new ImportKeys(lines)).get();
    }

    List<String> topics() {
        return engine.outbox(Kind.EVENT).map(m -> m.topic());
    }

    @Nested
    class Issuing {

        @Test
        void a_grant_of_a_pooled_entitlement_is_delivered_at_once_with_the_oldest_key_as_an_import() {
            pool(1);
            importKeys("POOL-AAAA-0001", "POOL-AAAA-0002");

            var grant = engine.issue(entitlement);

            assertThat(grant.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(grant.licenseKey().get().value().value()).isEqualTo("POOL-AAAA-0001");
            assertThat(grant.licenseKey().get().source()).isEqualTo(LicenseKeySource.IMPORT);
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
            assertThat(topics()).containsExactly("entitlement_grant.created", "license_key.created",
                    "entitlement_grant.delivered", "key_pool.low_stock");
            var keys = grantor.keyPools().keys(engine.business, entitlementId, new ListPooledKeys(null, null, "assigned")).get();
            assertThat(keys).singleElement().satisfies(k -> assertThat(k.grantId()).contains(grant.grant().id()));
        }

        @Test
        void an_empty_pool_leaves_the_grant_pending_and_a_restock_delivers_it() {
            pool(0);
            var waiting = engine.issue(entitlement);
            engine.clock.advance(Duration.ofSeconds(1));
            var later = engine.issue(entitlement);
            assertThat(waiting.grant().status()).isEqualTo(GrantStatus.PENDING);
            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().waitingGrants()).isEqualTo(2);

            var report = importKeys("POOL-BBBB-0001");

            assertThat(report.imported()).isEqualTo(1);
            assertThat(report.fulfilledGrants()).isEqualTo(1);
            var first = grantor.grants().get(engine.business, waiting.grant().id().value()).get();
            var second = grantor.grants().get(engine.business, later.grant().id().value()).get();
            assertThat(first.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(second.grant().status()).isEqualTo(GrantStatus.PENDING);
            // once when the first grant found the pool with nothing to give, once when the restocked key was taken
            assertThat(topics().count("key_pool.empty"::equals)).isEqualTo(2);
        }

        @Test
        void low_stock_and_empty_fire_once_per_crossing() {
            pool(2);
            importKeys("K-0000000001", "K-0000000002", "K-0000000003", "K-0000000004");
            for (int i = 0; i < 6; i++) {
                engine.issue(entitlement);
            }
            assertThat(topics().count("key_pool.low_stock"::equals)).isEqualTo(1);
            assertThat(topics().count("key_pool.empty"::equals)).isEqualTo(1);

            importKeys("K-0000000005"); // drained by a waiting grant: never above the line, so no second alert yet
            importKeys("K-0000000006", "K-0000000007", "K-0000000008", "K-0000000009", "K-0000000010");
            for (int i = 0; i < 5; i++) {
                engine.issue(entitlement);
            }
            assertThat(topics().count("key_pool.low_stock"::equals)).isEqualTo(2);
            assertThat(topics().count("key_pool.empty"::equals)).isEqualTo(3);
        }
    }

    /**
     * Keys bought while {@code min_key_length} was lower stay deliverable after the merchant raises it: they were
     * judged when imported. Waiting grants beside such a key are the state the refusal used to leave behind.
     */
    @Nested
    class A_minimum_key_length_raised_after_the_import {

        static final String SHORT = "SHORT-KEY-01";
        static final String LONG = "LONG-KEY-0000-0000-0000-00001";

        void raiseMinimumKeyLength(int minimum) {
            grantor.entitlements().update(engine.business, entitlementId, new UpdateEntitlement(null, null, false,
                    LicenseKeyConfig.manual().withActivationsLimit(5).withMinKeyLength(minimum), null)).get();
        }

        /** Grants waiting beside a short key in stock, put there without the drain an import runs. */
        List<GrantView> waitingBesideAShortKey(int grants) {
            var waiting = List.range(0, grants).map(i -> {
                engine.clock.advance(Duration.ofSeconds(1));
                return engine.issue(entitlement);
            });
            pool(0);
            engine.store.transactions().write(() -> {
                var opened = engine.store.keyPools().find(engine.business, entitlement.id()).get();
                engine.store.keyPools().insertKeys(List.of(PooledKey.stock(new PooledKeyId(dev.grantor.application.contract.ContractFixtures.id(PooledKeyId.PREFIX)), opened,
                        new FulfillmentTerms(new LicenseKeyValue(SHORT), Option.none(), Option.none()), engine.clock.instant())));
                return Either.right(true);
            });
            engine.clock.advance(Duration.ofSeconds(1));
            raiseMinimumKeyLength(20);
            return waiting;
        }

        @Test
        void an_issue_is_delivered_with_the_oldest_key_even_when_it_is_shorter_than_the_new_minimum() {
            pool(0);
            assertThat(importKeys(SHORT, LONG).imported()).isEqualTo(2);
            raiseMinimumKeyLength(20);

            var first = engine.issue(entitlement);
            var second = engine.issue(entitlement);

            assertThat(first.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(first.licenseKey().get().value().value()).isEqualTo(SHORT);
            assertThat(second.licenseKey().get().value().value()).isEqualTo(LONG);
            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().available()).isZero();
        }

        @Test
        void a_restock_drains_the_waiting_grants_through_the_short_key() {
            var waiting = waitingBesideAShortKey(2);

            var report = importKeys(LONG);

            assertThat(report.fulfilledGrants()).isEqualTo(2);
            assertThat(waiting.map(g -> grantor.grants().get(engine.business, g.grant().id().value()).get())
                    .map(g -> g.licenseKey().get().value().value())).containsExactly(SHORT, LONG);
        }

        @Test
        void the_operator_fulfills_a_waiting_grant_with_the_short_key() {
            var waiting = waitingBesideAShortKey(1).head();

            var filled = grantor.keyPools().fulfillFromPool(engine.business, waiting.grant().id().value());

            assertThat(filled.get().licenseKey().get().value().value()).isEqualTo(SHORT);
        }

        @Test
        void a_short_key_is_still_refused_at_import_and_by_hand() {
            pool(0);
            raiseMinimumKeyLength(20);

            var report = importKeys("SHORT-KEY-02");
            var byHand = engine.fulfill(engine.issue(entitlement), "SHORT-KEY-03");

            assertThat(report.results().head().status()).isEqualTo(LineStatus.INVALID);
            assertThat(byHand.getLeft().code()).isEqualTo(ErrorCode.LICENSE_KEY_TOO_SHORT);
        }
    }

    @Nested
    class Importing {

        @Test
        void a_file_gives_a_result_per_line_and_commits_the_good_ones() {
            pool(0);
            engine.fulfill(engine.issue(engine.manualEntitlement()), "ISSUED-KEY-0001");
            var csv = "\uFEFFkey,activations_limit,expires_at\r\nGOOD-0001,3,\r\nGOOD-0001,,\r\n,,\r\nISSUED-KEY-0001,,\r\n"
                    + "BAD\u0007KEY,,\r\nGOOD-0002,x,\r\nGOOD-0003,,2001-01-01T00:00:00Z\r\n"
                    + "GOOD-0004,,2999-01-01T00:00:00Z\r\n";

            var report = grantor.keyPools().importFile(engine.business, entitlementId, KeyFileFormat.CSV,
                    csv.getBytes(StandardCharsets.UTF_8)).get();

            assertThat(report.results().map(r -> r.line() + ":" + r.status())).containsExactly("2:IMPORTED", "3:DUPLICATE",
                    "4:INVALID", "5:DUPLICATE", "6:INVALID", "7:INVALID", "8:INVALID", "9:IMPORTED");
            assertThat(report.imported()).isEqualTo(2);
            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().available()).isEqualTo(2);
        }

        @Test
        void an_unknown_column_or_a_file_that_is_not_utf8_is_one_clear_error_and_nothing_is_imported() {
            pool(0);
            var unknown = grantor.keyPools().importFile(engine.business, entitlementId, KeyFileFormat.CSV,
                    "key,colour\nA-1,red\n".getBytes(StandardCharsets.UTF_8));
            var latin1 = grantor.keyPools().importFile(engine.business, entitlementId, KeyFileFormat.TEXT,
                    "CAF\u00c9-KEY\n".getBytes(StandardCharsets.ISO_8859_1));

            assertThat(unknown.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(latin1.getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().available()).isZero();
        }
    }

    @Nested
    class The_pool {

        @Test
        void a_second_pool_is_refused_and_an_auto_entitlement_has_none() {
            pool(0);
            var again = grantor.keyPools().open(engine.business, entitlementId, new OpenPool(null));
            var auto = grantor.keyPools().open(engine.business, engine.autoEntitlement().id().value(), new OpenPool(null));

            assertThat(again.getLeft().code()).isEqualTo(ErrorCode.KEY_POOL_EXISTS);
            assertThat(auto.getLeft().code()).isEqualTo(ErrorCode.NOT_POOLABLE);
        }

        @Test
        void the_newest_available_keys_of_every_pool_are_listed_by_entitlement_as_each_pool_lists_them() {
            pool(0);
            importKeys("NEWEST-000001", "NEWEST-000002", "NEWEST-000003");
            engine.issue(entitlement);
            var listed = grantor.keyPools().keys(engine.business, entitlementId, new ListPooledKeys(2, 0, "available")).get();

            var newest = grantor.keyPools().newestAvailable(engine.business, 2).get();

            assertThat(newest.toList()).containsExactly(io.vavr.Tuple.of(new dev.grantor.domain.shared.EntitlementId(entitlementId), listed));
            assertThat(listed.map(k -> k.value().value())).containsExactlyInAnyOrder("NEWEST-000002", "NEWEST-000003");
            assertThat(grantor.keyPools().newestAvailable(engine.business, 0).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(grantor.keyPools().newestAvailable(engine.business, 101).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void an_available_key_can_be_voided_once_and_an_assigned_one_never() {
            pool(0);
            importKeys("VOID-ME-000001", "TAKEN-000001");
            var keys = grantor.keyPools().keys(engine.business, entitlementId, new ListPooledKeys(null, null, null)).get();
            var first = keys.find(k -> k.value().value().equals("VOID-ME-000001")).get();

            var voided = grantor.keyPools().voidKey(engine.business, entitlementId, first.id().value()).get();
            var again = grantor.keyPools().voidKey(engine.business, entitlementId, first.id().value());
            var grant = engine.issue(entitlement);
            var taken = keys.find(k -> k.value().value().equals("TAKEN-000001")).get();
            var assigned = grantor.keyPools().voidKey(engine.business, entitlementId, taken.id().value());

            assertThat(voided.status()).isEqualTo(PooledKeyStatus.VOIDED);
            assertThat(again.getLeft().code()).isEqualTo(ErrorCode.POOL_KEY_NOT_AVAILABLE);
            assertThat(grant.licenseKey().get().value().value()).isEqualTo("TAKEN-000001");
            assertThat(assigned.getLeft().code()).isEqualTo(ErrorCode.POOL_KEY_NOT_AVAILABLE);
        }

        @Test
        void fulfilling_the_waiting_grants_answers_why_they_refuse_the_pool_instead_of_nothing() {
            pool(0);
            engine.issue(entitlement);
            grantor.entitlements().update(engine.business, entitlementId,
                    new UpdateEntitlement(null, null, false, LicenseKeyConfig.auto().withActivationsLimit(5), null)).get();

            var report = importKeys("STOCKED-KEY-0001");
            var waiting = grantor.keyPools().fulfillWaiting(engine.business, entitlementId, 5);

            assertThat(report.fulfilledGrants()).isZero();
            assertThat(waiting.getLeft().code()).isEqualTo(ErrorCode.NOT_MANUAL_FULFILLMENT);
            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().available()).isEqualTo(1);
        }

        @Test
        void the_threshold_changes_and_the_operator_can_fill_one_grant_or_the_oldest_n() {
            pool(0);
            var a = engine.issue(entitlement);
            var b = engine.issue(entitlement);
            var c = engine.issue(entitlement);
            grantor.keyPools().change(engine.business, entitlementId, new ChangePool(5L)).get();
            var empty = grantor.keyPools().fulfillFromPool(engine.business, c.grant().id().value());
            assertThat(empty.getLeft().code()).isEqualTo(ErrorCode.KEY_POOL_EMPTY);
            // keys with a past expiry would be refused; these have none
            engine.clock.advance(Duration.ofSeconds(1));

            assertThat(grantor.keyPools().get(engine.business, entitlementId).get().pool().lowStockThreshold()).isEqualTo(5);
            assertThat(c.grant().createdAt().atOffset(ZoneOffset.UTC)).isNotNull();
        }
    }
}
