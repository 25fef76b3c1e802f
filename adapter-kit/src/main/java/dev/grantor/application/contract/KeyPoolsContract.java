package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.Grantor;
import dev.grantor.application.contract.ContractFixtures.World;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.GrantParties.NextFulfillment;
import dev.grantor.application.port.out.KeyPools.Offered;
import dev.grantor.application.port.out.KeyPools.PoolStock;
import dev.grantor.application.port.out.KeyPools.Stock;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@code KeyPools}: one pool per entitlement, key values unique across every pool, oldest-first claims that
 * never hand one key to two units, exact stock counts (an expired key is not stock), rows kept in every state.
 */
public abstract class KeyPoolsContract extends PortContract {

    @Test
    void a_pool_and_its_keys_come_back_as_they_were_stored() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 7);
        var limited = key(pool, "LIMITED-KEY-1", Option.some(new ActivationsLimit(3)), Option.some(at(86_400)), at(1));
        var plain = key(pool, "plain key ✓", Option.none(), Option.none(), at(2));

        inUnit(() -> store.keyPools().insertKeys(List.of(limited, plain)));

        assertThat(reading(() -> store.keyPools().find(world.businessId(), world.entitlement().id()))).contains(pool);
        assertThat(reading(() -> store.keyPools().findKey(pool.id(), limited.id()))).contains(limited);
        assertThat(reading(() -> store.keyPools().findKey(pool.id(), plain.id()))).contains(plain);
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(100)))).isEqualTo(new Stock(2, 0, 0));
    }

    @Test
    void another_business_does_not_find_the_pool() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        insertedPool(world, 1);

        assertThat(reading(() -> store.keyPools().find(other.businessId(), world.entitlement().id()))).isEmpty();
        assertThat(reading(() -> store.keyPools().list(other.businessId()))).isEmpty();
        assertThat(reading(() -> store.keyPools().list(world.businessId()))).hasSize(1);
    }

    @Test
    void a_second_pool_for_one_entitlement_is_a_duplicate() {
        var world = ContractFixtures.world(store);
        insertedPool(world, 1);

        assertThatThrownBy(() -> insertedPool(world, 2))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.KEY_POOL));
    }

    @Test
    void a_value_in_any_pool_is_a_duplicate_and_the_batch_that_carried_it_stores_nothing() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var otherPool = insertedPool(other, 1);
        inUnit(() -> store.keyPools().insertKeys(List.of(key(pool, "TAKEN-VALUE", at(1)))));

        assertThatThrownBy(() -> inUnit(() -> store.keyPools().insertKeys(
                List.of(key(otherPool, "FRESH-VALUE", at(2)), key(otherPool, "TAKEN-VALUE", at(2))))))
                .isInstanceOfSatisfying(DuplicateRecord.class,
                        d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.POOLED_KEY_VALUE));
        assertThat(reading(() -> store.keyPools().stock(otherPool.id(), at(100)))).isEqualTo(new Stock(0, 0, 0));
        assertThat(reading(() -> store.keyPools().existingValues(List.of(new LicenseKeyValue("TAKEN-VALUE"),
                new LicenseKeyValue("FRESH-VALUE"), new LicenseKeyValue("taken-value")))))
                .containsExactly(new LicenseKeyValue("TAKEN-VALUE"));
    }

    @Test
    void a_license_key_takes_a_pooled_value_only_as_the_key_the_pool_assigned_to_its_grant() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var available = key(pool, "POOLED-AVAILABLE", at(1));
        var toAssign = key(pool, "POOLED-ASSIGNED", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(available, toAssign)));
        var grant = insertedGrant(world);
        var other = insertedGrant(world);
        inUnit(() -> store.keyPools().updateKey(toAssign.assignTo(grant.id(), at(2)).get()));

        for (var taken : List.of(ContractFixtures.licenseKey(grant, "POOLED-AVAILABLE", at(3)),
                ContractFixtures.licenseKey(other, "POOLED-ASSIGNED", at(3)))) {
            assertThatThrownBy(() -> inUnit(() -> store.licenseKeys().insert(taken)))
                    .as(taken.value().value())
                    .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.LICENSE_KEY_VALUE));
        }
        var own = ContractFixtures.licenseKey(grant, "POOLED-ASSIGNED", at(3));
        inUnit(() -> store.licenseKeys().insert(own));
        assertThat(reading(() -> store.licenseKeys().findByValue(own.value()))).contains(own);

        var otherKey = ContractFixtures.licenseKey(other, "OTHER-OWN-VALUE", at(3));
        inUnit(() -> store.licenseKeys().insert(otherKey));
        var stored = reading(() -> store.licenseKeys().find(otherKey.id())).get();
        assertThatThrownBy(() -> inUnit(() -> store.licenseKeys().update(stored.rotate(new LicenseKeyValue("POOLED-AVAILABLE"), false, at(4)).licenseKey())))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.LICENSE_KEY_VALUE));
        assertThat(reading(() -> store.licenseKeys().find(otherKey.id()))).contains(stored);
    }

    @Test
    void existing_values_are_found_among_thousands_of_candidates() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var keys = List.range(0, 1_200).map(i -> key(pool, "BULK-" + i, at(1)));
        inUnit(() -> store.keyPools().insertKeys(keys));

        var candidates = List.range(0, 2_400).map(i -> new LicenseKeyValue("BULK-" + i));

        assertThat(reading(() -> store.keyPools().existingValues(candidates))).hasSize(1_200);
    }

    @Test
    void the_oldest_available_unexpired_key_is_offered_first() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var expired = key(pool, "EXPIRED-OLDEST", Option.none(), Option.some(at(50)), at(1));
        var second = key(pool, "SECOND", at(2));
        var third = key(pool, "THIRD", at(3));
        inUnit(() -> store.keyPools().insertKeys(List.of(third, expired, second)));

        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(40)))).contains(expired);
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(50)))).contains(second);
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(50).plusNanos(1)))).contains(second);
    }

    /**
     * An import stocks its keys at one instant with ids ascending in file order (as Java compares strings), so the id
     * alone keeps the file's order; a store that ordered ids as a language does ('a' before 'Z') handed the keys out in
     * another order than the file's.
     */
    @Test
    void keys_of_one_instant_are_offered_and_listed_in_the_order_of_their_ids_characters() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        String sameMillisecond = ContractFixtures.id(PooledKeyId.PREFIX).substring(0, PooledKeyId.PREFIX.length() + 8);
        var upper = keyWithId(pool, sameMillisecond + "Zzzzzzzzzzzzz", "FIRST-IN-FILE", at(1));
        var lower = keyWithId(pool, sameMillisecond + "aaaaaaaaaaaaa", "SECOND-IN-FILE", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(lower, upper)));

        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(2)))).contains(upper);
        assertThat(reading(() -> store.keyPools().keys(pool.id(), Option.none(), new Page(0, 10))))
                .containsExactly(lower, upper);
    }

    @Test
    void an_available_key_whose_expiry_has_passed_is_not_stock_from_the_instant_it_is_no_longer_offered() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var expiring = key(pool, "EXPIRING", Option.none(), Option.some(at(50)), at(1));
        var lasting = key(pool, "LASTING", at(2));
        var voided = key(pool, "VOIDED-EXPIRING", Option.none(), Option.some(at(50)), at(3));
        inUnit(() -> store.keyPools().insertKeys(List.of(expiring, lasting, voided)));
        inUnit(() -> store.keyPools().updateKey(voided.voidAt(at(4)).get()));

        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(50).minusNanos(1)))).isEqualTo(new Stock(2, 0, 1));
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(50)))).isEqualTo(new Stock(1, 0, 1));
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(51)))).isEqualTo(new Stock(1, 0, 1));
    }

    /**
     * The Pools page's figures in one read are those {@code stock} and {@code countPending} give pool by pool: keys in
     * every state, an available key past its expiry, grants waiting in two of three pools, a revoked grant and another
     * business's pool and grants that count nowhere.
     */
    @Test
    void a_business_s_pools_come_with_the_stock_and_waiting_grants_each_pool_reads_alone() {
        var world = ContractFixtures.world(store);
        var second = withEntitlement(world);
        var third = withEntitlement(world);
        var first = insertedPool(world, 3);
        var secondPool = insertedPool(second, 1);
        var thirdPool = insertedPool(third, 10);
        var firstKeys = List.range(0, 5).map(i -> key(first, "FIGURES-FIRST-" + i, at(i)))
                .append(key(first, "FIGURES-FIRST-EXPIRING", Option.none(), Option.some(at(50)), at(6)));
        var secondKeys = List.range(0, 3).map(i -> key(secondPool, "FIGURES-SECOND-" + i, at(i)));
        inUnit(() -> store.keyPools().insertKeys(firstKeys.appendAll(secondKeys)));
        var waiting = List.range(0, 3).map(i -> insertedGrant(world));
        var waitingSecond = insertedGrant(second);
        inUnit(() -> store.grants().insert(ContractFixtures.pendingGrant(world, at(1))
                .revoke(dev.grantor.domain.grant.RevocationReason.REFUND, at(2)).grant()));
        inUnit(() -> {
            store.keyPools().updateKey(firstKeys.get(0).assignTo(waiting.get(0).id(), at(10)).get());
            store.keyPools().updateKey(firstKeys.get(1).voidAt(at(11)).get());
            store.keyPools().updateKey(secondKeys.get(0).assignTo(waitingSecond.id(), at(12)).get());
            store.keyPools().updateKey(secondKeys.get(1).voidAt(at(13)).get());
        });
        var other = ContractFixtures.world(store);
        var otherPool = insertedPool(other, 1);
        inUnit(() -> store.keyPools().insertKeys(List.of(key(otherPool, "FIGURES-OTHER", at(1)))));
        insertedGrant(other);

        for (var at : List.of(at(49), at(50))) {
            var onePoolAtATime = reading(() -> store.keyPools().list(world.businessId()).map(pool -> new PoolStock(pool,
                    store.keyPools().stock(pool.id(), at), store.grants().countPending(pool.entitlementId()))));
            assertThat(reading(() -> store.keyPools().stocks(world.businessId(), at))).isEqualTo(onePoolAtATime);
        }
        assertThat(reading(() -> store.keyPools().stocks(world.businessId(), at(50))))
                .extracting(figures -> figures.pool().id(), PoolStock::stock, PoolStock::waitingGrants)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(first.id(), new Stock(3, 1, 1), 3L),
                        org.assertj.core.groups.Tuple.tuple(secondPool.id(), new Stock(1, 1, 1), 1L),
                        org.assertj.core.groups.Tuple.tuple(thirdPool.id(), new Stock(0, 0, 0), 0L));
        assertThat(reading(() -> store.keyPools().stocks(world.businessId(), at(49)))
                .find(figures -> figures.pool().id().equals(first.id())).map(PoolStock::stock)).contains(new Stock(4, 1, 1));
        assertThat(reading(() -> store.keyPools().stocks(other.businessId(), at(50))))
                .containsExactly(new PoolStock(otherPool, new Stock(1, 0, 0), 1));
        assertThat(reading(() -> store.keyPools().stocks(ContractFixtures.business().id(), at(50)))).isEmpty();
    }

    /**
     * The Pools page's key lists in one read are those {@code keys} gives pool by pool: in a pool of sixty available keys
     * (some added at one instant, so the id decides; one past its expiry, still listed as the pool's page lists it) with
     * assigned and voided keys among them, the newest fifty; a pool of three, its three; an empty pool absent; another
     * business's pool nowhere but in its own business's answer.
     */
    @Test
    void a_business_s_newest_available_keys_are_those_each_pool_s_listing_reads_alone() {
        var world = ContractFixtures.world(store);
        var second = withEntitlement(world);
        var third = withEntitlement(world);
        var first = insertedPool(world, 3);
        var secondPool = insertedPool(second, 1);
        insertedPool(third, 1);
        var firstKeys = List.range(0, 70).map(i -> key(first, "NEWEST-FIRST-" + i, at(i / 3)))
                .append(key(first, "NEWEST-FIRST-EXPIRED", Option.none(), Option.some(at(30)), at(23)));
        var secondKeys = List.range(0, 3).map(i -> key(secondPool, "NEWEST-SECOND-" + i, at(100 + i)));
        inUnit(() -> store.keyPools().insertKeys(firstKeys.appendAll(secondKeys)));
        var waiting = insertedGrant(world);
        inUnit(() -> {
            store.keyPools().updateKey(firstKeys.get(69).assignTo(waiting.id(), at(200)).get());
            List.range(40, 49).forEach(i -> store.keyPools().updateKey(firstKeys.get(i).voidAt(at(201)).get()));
        });
        var other = ContractFixtures.world(store);
        var otherPool = insertedPool(other, 1);
        var otherKeys = List.range(0, 2).map(i -> key(otherPool, "NEWEST-OTHER-" + i, at(300 + i)));
        inUnit(() -> store.keyPools().insertKeys(otherKeys));

        for (int most : new int[] {50, 1}) {
            var onePoolAtATime = reading(() -> store.keyPools().list(world.businessId())
                    .map(pool -> io.vavr.Tuple.of(pool.id(), store.keyPools().keys(pool.id(),
                            Option.some(PooledKeyStatus.AVAILABLE), new Page(0, most))))
                    .filter(listed -> !listed._2.isEmpty()));
            assertThat(reading(() -> store.keyPools().newestAvailable(world.businessId(), most)).toList())
                    .isEqualTo(onePoolAtATime);
        }
        var newest = reading(() -> store.keyPools().newestAvailable(world.businessId(), 50));
        assertThat(newest.keySet().toList()).containsExactlyInAnyOrder(first.id(), secondPool.id());
        assertThat(newest.get(first.id()).get()).hasSize(50).doesNotContain(firstKeys.get(69), firstKeys.get(40))
                .startsWith(firstKeys.last()).containsAll(firstKeys.slice(66, 69));
        assertThat(newest.get(secondPool.id()).get()).containsExactlyElementsOf(secondKeys.reverse());
        assertThat(reading(() -> store.keyPools().newestAvailable(other.businessId(), 50)).toList())
                .containsExactly(io.vavr.Tuple.of(otherPool.id(), otherKeys.reverse()));
        assertThat(reading(() -> store.keyPools().newestAvailable(ContractFixtures.business().id(), 50))).isEmpty();
    }

    /** The world's business and customer with an entitlement of their own, stored. */
    private World withEntitlement(World world) {
        var entitlement = ContractFixtures.manualLicenseKeyEntitlement(world.businessId());
        inUnit(() -> store.entitlements().insert(entitlement));
        return new World(world.business(), world.customer(), entitlement);
    }

    @Test
    void the_available_keys_counted_up_to_a_line_are_those_stock_counts_and_never_more_than_the_line() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var keys = List.range(0, 6).map(i -> key(pool, "COUNTED-" + i, at(i)))
                .append(key(pool, "COUNTED-EXPIRING", Option.none(), Option.some(at(50)), at(7)));
        inUnit(() -> store.keyPools().insertKeys(keys));
        inUnit(() -> store.keyPools().updateKey(keys.get(0).voidAt(at(10)).get()));

        assertThat(reading(() -> store.keyPools().availableUpTo(pool.id(), at(49), 100))).isEqualTo(6);
        assertThat(reading(() -> store.keyPools().availableUpTo(pool.id(), at(50), 100))).isEqualTo(5)
                .isEqualTo(reading(() -> store.keyPools().stock(pool.id(), at(50))).available());
        assertThat(reading(() -> store.keyPools().availableUpTo(pool.id(), at(50), 3))).isEqualTo(3);
        assertThat(reading(() -> store.keyPools().availableUpTo(pool.id(), at(50), 1))).isEqualTo(1);
        assertThat(reading(() -> store.keyPools().availableUpTo(pool.id(), at(50), 0))).isZero();
        var unknown = new KeyPoolId(ContractFixtures.id(KeyPoolId.PREFIX));
        assertThat(reading(() -> store.keyPools().availableUpTo(unknown, at(50), 100))).isZero();
    }

    @Test
    void the_oldest_available_key_is_offered_with_the_available_keys_counted_up_to_a_line() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var keys = List.range(0, 6).map(i -> key(pool, "OFFERED-" + i, at(i)))
                .append(key(pool, "OFFERED-EXPIRING", Option.none(), Option.some(at(50)), at(7)));
        inUnit(() -> store.keyPools().insertKeys(keys));
        inUnit(() -> store.keyPools().updateKey(keys.get(0).voidAt(at(10)).get()));

        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(49), 100)))
                .contains(new Offered(keys.get(1), 6));
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(50), 100)))
                .contains(new Offered(keys.get(1), 5));
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(50), 3)))
                .contains(new Offered(keys.get(1), 3));
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(50), 0)))
                .contains(new Offered(keys.get(1), 0));
        var empty = insertedPool(ContractFixtures.world(store), 1);
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(empty.id(), at(50), 100))).isEmpty();
    }

    @Test
    void a_pool_s_next_fulfillment_is_its_oldest_waiting_grant_with_its_parties_and_its_oldest_key() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var late = ContractFixtures.pendingGrant(world, at(30));
        var early = ContractFixtures.pendingGrant(world, at(10));
        inUnit(() -> {
            store.grants().insert(late);
            store.grants().insert(early);
        });
        assertThat(inUnitAnswer(() -> store.grantParties().nextFulfillment(pool, at(50), 100))).as("no key yet").isEmpty();

        var keys = List.of(key(pool, "NEXT-0", at(2)), key(pool, "NEXT-1", at(3)), key(pool, "NEXT-2", at(4)));
        inUnit(() -> store.keyPools().insertKeys(keys));
        var next = inUnitAnswer(() -> store.grantParties().nextFulfillment(pool, at(50), 100)).get();
        assertThat(next.waiting().grant()).as("a pool's next grant, with what its delivery email names").isEqualTo(early);
        assertThat(next.waiting().entitlement()).isEqualTo(world.entitlement());
        assertThat(next.waiting().customer()).isEqualTo(world.customer());
        assertThat(next.key()).isEqualTo(new Offered(keys.get(0), 3));
        assertThat(inUnitAnswer(() -> store.grantParties().nextFulfillment(pool, at(50), 2)).map(NextFulfillment::key))
                .contains(new Offered(keys.get(0), 2));

        var other = ContractFixtures.world(store);
        var otherPool = insertedPool(other, 1);
        inUnit(() -> store.keyPools().insertKeys(List.of(key(otherPool, "NEXT-OTHER", at(2)))));
        assertThat(inUnitAnswer(() -> store.grantParties().nextFulfillment(otherPool, at(50), 100)))
                .as("keys and no waiting grant").isEmpty();
    }

    @Test
    void a_fulfillment_s_writes_assign_the_pooled_key_they_name_with_the_rest() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var pooled = key(pool, "TAKEN-WITH-ITS-GRANT", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(pooled)));
        var grant = insertedGrant(world);
        var change = ContractFixtures.fulfilled(grant, world.entitlement(), "TAKEN-WITH-ITS-GRANT", at(2));
        var assigned = pooled.assignTo(grant.id(), at(2)).get();
        var messages = List.of(ContractFixtures.event(world.businessId(), at(2)), ContractFixtures.email(world.businessId(), at(2)));

        inUnit(() -> store.fulfillments().record(change.createdKey().get(), change.grant(), Option.some(assigned), messages));

        assertThat(reading(() -> store.keyPools().findKey(pool.id(), pooled.id())).map(PooledKey::grantId))
                .contains(Option.some(grant.id()));
        assertThat(reading(() -> store.keyPools().findKey(pool.id(), pooled.id())).map(PooledKey::version)).contains(1L);
        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id())).map(Grant::version)).contains(1L);
        assertThat(reading(() -> store.licenseKeys().find(change.createdKey().get().id()))).contains(change.createdKey().get());
        assertThat(store.outbox().claimDue(at(100), 10, Duration.ofMinutes(1)).map(OutboxMessage::id))
                .containsExactlyInAnyOrderElementsOf(messages.map(OutboxMessage::id));
    }

    /**
     * A pooled key another unit moved on (here: assigned to the same grant already, so only its version tells) fails the
     * fulfillment's writes as a lost race, and none of them stays.
     */
    @Test
    void a_fulfillment_s_writes_from_a_stale_pooled_key_are_a_concurrent_update_and_write_none_of_it() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var pooled = key(pool, "TAKEN-STALE", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(pooled)));
        var grant = insertedGrant(world);
        var assigned = pooled.assignTo(grant.id(), at(2)).get();
        inUnit(() -> store.keyPools().updateKey(assigned));
        var change = ContractFixtures.fulfilled(grant, world.entitlement(), "TAKEN-STALE", at(3));

        assertThatThrownBy(() -> inUnit(() -> store.fulfillments().record(change.createdKey().get(), change.grant(),
                Option.some(assigned), List.of(ContractFixtures.event(world.businessId(), at(3))))))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id())).map(Grant::status))
                .contains(GrantStatus.PENDING);
        assertThat(reading(() -> store.licenseKeys().find(change.createdKey().get().id()))).isEmpty();
        assertThat(store.outbox().claimDue(at(100), 10, Duration.ofMinutes(1))).isEmpty();
    }

    /**
     * The alerts a restock's drain raises say how many grants still wait after the take that crossed the line: the
     * grant that took the key is not among them (it is written with the alert, in the same unit).
     */
    @Test
    void a_restock_s_alerts_count_the_grants_still_waiting_after_the_take_that_raised_them() {
        var engine = Grantor.builder().storage(store).mailer(new RecordingMailer()).eventSink(new RecordingEventSink())
                .clock(new MutableClock()).build();
        var business = engine.access().createBusiness("Acme").get().id();
        var entitlement = engine.entitlements().create(business, new CreateEntitlement("Pro keys",
                LicenseKeyConfig.manual(), null, null)).get().id().value();
        engine.keyPools().open(business, entitlement, new OpenPool(2L)).get();
        for (int i = 0; i < 6; i++) {
            engine.issuing().issue(business, entitlement,
                    new IssueGrant(new CustomerContact(null, "buyer" + i + "@example.com", "Buyer"), null, null, null)).get();
        }
        var before = alerts();

        var report = engine.keyPools().importKeys(business, entitlement, new ImportKeys(List.range(0, 4)
                .map(i -> KeyLine.of(i + 1, "ALERTED-KEY-000" + i, null, null)))).get();

        assertThat(report.fulfilledGrants()).isEqualTo(4);
        // the first waiting grant found the pool empty: "key_pool.empty available=0 waiting_grants=1", before the restock
        assertThat(alerts().removeAll(before)).as("stock left by the take, and grants still waiting after it")
                .containsExactlyInAnyOrder("key_pool.low_stock available=2 waiting_grants=4",
                        "key_pool.empty available=0 waiting_grants=2");
    }

    private List<String> alerts() {
        return reading(() -> store.outbox().list(OutboxMessage.Status.PENDING, new Page(0, 100)))
                .filter(message -> message.topic().startsWith("key_pool."))
                .map(message -> message.topic() + " available=" + field(message.payload(), "available") + " waiting_grants="
                        + field(message.payload(), "waiting_grants"));
    }

    private static String field(String json, String name) {
        var matcher = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return matcher.find() ? matcher.group(1) : "absent";
    }

    @Test
    void a_pool_whose_only_key_expired_reads_empty_and_the_next_issue_raises_key_pool_empty() {
        var clock = new MutableClock();
        var engine = Grantor.builder().storage(store).mailer(new RecordingMailer()).eventSink(new RecordingEventSink())
                .clock(clock).build();
        var business = engine.access().createBusiness("Acme").get().id();
        var entitlement = engine.entitlements().create(business, new CreateEntitlement("Pro keys",
                LicenseKeyConfig.manual(), null, null)).get().id().value();
        engine.keyPools().open(business, entitlement, new OpenPool(0L)).get();
        var expiry = clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC);
        engine.keyPools().importKeys(business, entitlement,
                new ImportKeys(List.of(KeyLine.of(1, "EXPIRING-KEY-0001", null, expiry)))).get();
        clock.advance(Duration.ofHours(1));

        var stock = engine.keyPools().get(business, entitlement).get();
        var issued = engine.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), null, null, null)).get();

        assertThat(stock.available()).isZero();
        assertThat(issued.grant().grant().status()).isEqualTo(GrantStatus.PENDING);
        var topics = reading(() -> store.outbox().list(OutboxMessage.Status.PENDING, new Page(0, 100)))
                .filter(message -> message.kind() == OutboxMessage.Kind.EVENT).map(OutboxMessage::topic);
        assertThat(topics.count("key_pool.empty"::equals)).isEqualTo(1);
    }

    @Test
    void an_assigned_key_keeps_its_grant_and_is_never_offered_again() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var only = key(pool, "ONLY-ONE", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(only)));
        var grant = insertedGrant(world);

        var assigned = only.assignTo(grant.id(), at(5)).get();
        inUnit(() -> store.keyPools().updateKey(assigned));

        var stored = reading(() -> store.keyPools().findKey(pool.id(), only.id())).get();
        assertThat(stored.status()).isEqualTo(PooledKeyStatus.ASSIGNED);
        assertThat(stored.grantId()).contains(grant.id());
        assertThat(stored.assignedAt()).contains(at(5));
        assertThat(stored.version()).isEqualTo(1);
        assertThat(inUnitAnswer(() -> store.keyPools().oldestAvailable(pool.id(), at(6)))).isEmpty();
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(100)))).isEqualTo(new Stock(0, 1, 0));
    }

    @Test
    void a_key_written_from_a_stale_version_is_a_concurrent_update_and_changes_nothing() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var key = key(pool, "STALE", at(1));
        inUnit(() -> store.keyPools().insertKeys(List.of(key)));
        inUnit(() -> store.keyPools().updateKey(key.voidAt(at(2)).get()));

        assertThatThrownBy(() -> inUnit(() -> store.keyPools().updateKey(key.voidAt(at(3)).get())))
                .isInstanceOf(ConcurrentUpdate.class);
        assertThat(reading(() -> store.keyPools().findKey(pool.id(), key.id())).get().voidedAt()).contains(at(2));
    }

    @Test
    void a_pool_written_from_a_stale_version_is_a_concurrent_update() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var lower = pool.withThreshold(0, 5, at(2));
        inUnit(() -> store.keyPools().update(lower));

        assertThat(reading(() -> store.keyPools().find(world.businessId(), world.entitlement().id())).get().lowStockThreshold())
                .isZero();
        assertThatThrownBy(() -> inUnit(() -> store.keyPools().update(pool.withThreshold(9, 5, at(3)))))
                .isInstanceOf(ConcurrentUpdate.class);
    }

    @Test
    void keys_are_listed_newest_first_by_status_and_paged() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var keys = List.range(0, 5).map(i -> key(pool, "LISTED-" + i, at(i)));
        inUnit(() -> store.keyPools().insertKeys(keys));
        inUnit(() -> store.keyPools().updateKey(keys.get(1).voidAt(at(10)).get()));

        assertThat(reading(() -> store.keyPools().keys(pool.id(), Option.none(), new Page(0, 2))).map(k -> k.value().value()))
                .containsExactly("LISTED-4", "LISTED-3");
        assertThat(reading(() -> store.keyPools().keys(pool.id(), Option.none(), new Page(2, 2))).map(k -> k.value().value()))
                .containsExactly("LISTED-0");
        assertThat(reading(() -> store.keyPools().keys(pool.id(), Option.some(PooledKeyStatus.VOIDED), new Page(0, 10))))
                .singleElement().satisfies(k -> assertThat(k.value().value()).isEqualTo("LISTED-1"));
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(100)))).isEqualTo(new Stock(4, 0, 1));
    }

    @Test
    void sixteen_units_claiming_from_one_pool_of_ten_never_take_one_key_twice() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        inUnit(() -> store.keyPools().insertKeys(List.range(0, 10).map(i -> key(pool, "RACED-" + i, at(i)))));
        var grants = List.range(0, 16).map(i -> insertedGrant(world));
        var taken = ConcurrentHashMap.<String>newKeySet();

        var outcomes = race(16, n -> claimWithRetries(world, grants.get(n), taken));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.isRight()).as(String.valueOf(outcome)).isTrue());
        assertThat(outcomes.stream().filter(o -> o.get())).hasSize(10);
        assertThat(taken).hasSize(10);
        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(100)))).isEqualTo(new Stock(0, 10, 0));
        var assignedTo = reading(() -> store.keyPools().keys(pool.id(), Option.none(), new Page(0, 100)))
                .flatMap(PooledKey::grantId);
        assertThat(assignedTo.distinct()).hasSize(10);
    }

    @Test
    void what_a_unit_wrote_is_gone_when_it_rolls_back() {
        var world = ContractFixtures.world(store);
        var pool = insertedPool(world, 1);
        var key = key(pool, "ROLLED-BACK", at(1));

        store.transactions().write(() -> {
            store.keyPools().insertKeys(List.of(key));
            return Either.left("changed my mind");
        });

        assertThat(reading(() -> store.keyPools().stock(pool.id(), at(100)))).isEqualTo(new Stock(0, 0, 0));
        assertThat(reading(() -> store.keyPools().existingValues(List.of(key.value())))).isEmpty();
    }

    /** Locks the pool, takes the oldest key and assigns it; a lost race (a store that aborts a unit) runs again. */
    private boolean claimWithRetries(World world, Grant grant, java.util.Set<String> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return store.transactions().write(() -> {
                    var pool = store.keyPools().lock(world.entitlement().id()).get();
                    var key = store.keyPools().oldestAvailable(pool.id(), at(100));
                    if (key.isEmpty()) {
                        return Either.<String, Boolean>right(false);
                    }
                    store.keyPools().updateKey(key.get().assignTo(grant.id(), at(100)).get());
                    if (!taken.add(key.get().id().value())) {
                        throw new AssertionError("key " + key.get().id() + " handed out twice");
                    }
                    return Either.<String, Boolean>right(true);
                }).get();
            } catch (ConcurrentUpdate lostRace) {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("a claim lost 50 races in a row");
    }

    private <T> T inUnitAnswer(java.util.function.Supplier<T> work) {
        return store.transactions().write(() -> Either.<String, T>right(work.get())).get();
    }

    private KeyPool insertedPool(World world, int threshold) {
        var pool = KeyPool.open(new KeyPoolId(ContractFixtures.id(KeyPoolId.PREFIX)), world.entitlement(),
                Option.some(threshold), at(0)).getOrElseThrow(e -> new IllegalArgumentException(e.message()));
        inUnit(() -> store.keyPools().insert(pool));
        return pool;
    }

    private Grant insertedGrant(World world) {
        var grant = ContractFixtures.pendingGrant(world, at(1));
        inUnit(() -> store.grants().insert(grant));
        return grant;
    }

    private static PooledKey keyWithId(KeyPool pool, String id, String value, Instant at) {
        return PooledKey.stock(new PooledKeyId(id), pool, new FulfillmentTerms(new LicenseKeyValue(value), Option.none(),
                Option.none()), at);
    }

    private static PooledKey key(KeyPool pool, String value, Instant at) {
        return key(pool, value, Option.none(), Option.none(), at);
    }

    private static PooledKey key(KeyPool pool, String value, Option<ActivationsLimit> limit, Option<Instant> expiry, Instant at) {
        return PooledKey.stock(new PooledKeyId(ContractFixtures.id(PooledKeyId.PREFIX)), pool,
                new FulfillmentTerms(new LicenseKeyValue(value), limit, expiry), at);
    }
}
