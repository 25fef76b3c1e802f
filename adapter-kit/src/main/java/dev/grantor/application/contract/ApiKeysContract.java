package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@code ApiKeys}: found by token hash or by (business, id); revocation is permanent and tenant-scoped. */
public abstract class ApiKeysContract extends PortContract {

    @Test
    void a_key_is_found_by_its_token_hash_and_by_its_business_and_id() {
        var business = insertedBusiness();
        var readOnly = inserted(ContractFixtures.apiKey(business, true));
        var readWrite = inserted(ContractFixtures.apiKey(business, false));

        assertThat(reading(() -> store.apiKeys().findByTokenHash(readOnly.tokenHash()))).contains(readOnly);
        assertThat(reading(() -> store.apiKeys().findByTokenHash(readWrite.tokenHash()))).contains(readWrite);
        assertThat(reading(() -> store.apiKeys().find(business, readWrite.id()))).contains(readWrite);
        assertThat(reading(() -> store.apiKeys().findByTokenHash("sha256:unknown"))).isEmpty();
    }

    @Test
    void another_business_neither_finds_nor_revokes_the_key() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, false));

        assertThat(reading(() -> store.apiKeys().find(other, key.id()))).isEmpty();
        assertThat(revoke(other, key, 5)).isFalse();
        assertThat(reading(() -> store.apiKeys().find(business, key.id())).get().revokedAt()).isEmpty();
    }

    @Test
    void a_revoked_key_is_marked_with_the_time_of_its_first_revocation_and_never_found_live_again() {
        var business = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, false));

        assertThat(revoke(business, key, 5)).isTrue();
        assertThat(revoke(business, key, 9)).isTrue();

        assertThat(reading(() -> store.apiKeys().find(business, key.id())).get().revokedAt()).contains(at(5));
        assertThat(reading(() -> store.apiKeys().findByTokenHash(key.tokenHash()))).allMatch(k -> k.revokedAt().isDefined());
    }

    @Test
    void revoking_an_unknown_key_answers_false() {
        var business = insertedBusiness();

        assertThat(revoke(business, ContractFixtures.apiKey(business, false), 1)).isFalse();
    }

    @Test
    void the_keys_of_a_business_are_listed_oldest_first_with_their_token_prefix_and_without_other_businesses_keys() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var second = inserted(createdAt(ContractFixtures.apiKey(business, true), 2));
        var first = inserted(createdAt(ContractFixtures.apiKey(business, false), 1));
        inserted(createdAt(ContractFixtures.apiKey(other, false), 0));
        revoke(business, first, 3);

        var listed = reading(() -> store.apiKeys().list(business));

        assertThat(listed.map(ApiKey::id)).containsExactly(first.id(), second.id());
        assertThat(listed.get(0).revokedAt()).contains(at(3));
        assertThat(listed.get(1).tokenPrefix()).isEqualTo(second.tokenPrefix()).isNotEmpty();
        var keyless = insertedBusiness();
        assertThat(reading(() -> store.apiKeys().list(keyless))).isEmpty();
    }

    @Test
    void a_key_keeps_its_name_as_written_and_one_made_without_has_none() {
        var business = insertedBusiness();
        var billing = inserted(named(ContractFixtures.apiKey(business, false), "billing <script>alert(1)</script> “süß” 🔑"));
        var unnamed = inserted(ContractFixtures.apiKey(business, false));

        assertThat(reading(() -> store.apiKeys().find(billing.id())).get().name()).contains(billing.name().get());
        assertThat(reading(() -> store.apiKeys().findByTokenHash(billing.tokenHash()))).contains(billing);
        assertThat(reading(() -> store.apiKeys().list(business)).map(ApiKey::name))
                .containsExactlyInAnyOrder(billing.name(), Option.none());
        assertThat(reading(() -> store.apiKeys().find(unnamed.id())).get().name()).isEmpty();
    }

    @Test
    void a_key_is_renamed_or_unnamed_revoked_or_not_and_only_by_its_own_business() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, false));

        assertThat(rename(business, key, Option.some("store"))).isTrue();
        assertThat(reading(() -> store.apiKeys().find(key.id())).get().name()).contains("store");
        assertThat(rename(other, key, Option.some("theirs"))).isFalse();
        assertThat(reading(() -> store.apiKeys().find(key.id())).get().name()).contains("store");
        revoke(business, key, 5);
        assertThat(rename(business, key, Option.some("old store"))).isTrue();
        var revoked = reading(() -> store.apiKeys().find(key.id())).get();
        assertThat(revoked.name()).contains("old store");
        assertThat(revoked.revokedAt()).contains(at(5));
        assertThat(rename(business, key, Option.none())).isTrue();
        assertThat(reading(() -> store.apiKeys().find(key.id())).get().name()).isEmpty();
        assertThat(rename(business, ContractFixtures.apiKey(business, false), Option.some("x"))).as("unknown key").isFalse();
    }

    /**
     * The store's own rule, below the engine's check: what two units that checked at once would otherwise both write.
     * Names compare by {@code ApiKeys.nameKey}; a revoked key, another business's and the key itself hold none against it.
     */
    @Test
    void two_unrevoked_keys_of_one_business_never_hold_one_name_whatever_its_case() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var billing = inserted(named(ContractFixtures.apiKey(business, false), "Billing"));
        var shop = inserted(named(ContractFixtures.apiKey(business, false), "store"));

        assertThatThrownBy(() -> inserted(named(ContractFixtures.apiKey(business, true), "billing")))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.API_KEY_NAME));
        assertThatThrownBy(() -> rename(business, shop, Option.some("BILLING")))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.API_KEY_NAME));
        assertThat(reading(() -> store.apiKeys().list(business)).map(key -> key.name().get())).containsExactlyInAnyOrder("Billing", "store");

        assertThat(rename(business, billing, Option.some("billing"))).as("its own name in another case").isTrue();
        inserted(named(ContractFixtures.apiKey(other, false), "billing"));
        revoke(business, billing, 5);
        var next = inserted(named(ContractFixtures.apiKey(business, false), "BILLING"));
        assertThat(rename(business, billing, Option.some("store"))).as("a revoked key takes any name").isTrue();
        assertThat(reading(() -> store.apiKeys().find(next.id())).get().name()).contains("BILLING");
    }

    @Test
    void a_key_is_held_by_its_id_alone_in_a_unit() {
        var business = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, true));

        assertThat(store.transactions().write(() -> io.vavr.control.Either.right(store.apiKeys().hold(key.id()))).get()).contains(key);
        assertThat(store.transactions().write(() -> io.vavr.control.Either.right(store.apiKeys().hold("key_unknown"))).get()).isEmpty();
    }

    @Test
    void a_key_is_found_by_its_id_alone() {
        var business = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, true));

        assertThat(reading(() -> store.apiKeys().find(key.id()))).contains(key);
        assertThat(reading(() -> store.apiKeys().find("key_unknown"))).isEmpty();
    }

    @Test
    void a_use_is_recorded_only_when_the_last_recorded_one_is_stale() {
        var business = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, false));

        assertThat(markUsed(key, 100, 40)).isTrue();
        assertThat(markUsed(key, 130, 70)).as("the use at 100 is not stale before 70").isFalse();
        assertThat(reading(() -> store.apiKeys().find(key.id())).get().lastUsedAt()).contains(at(100));
        assertThat(markUsed(key, 170, 110)).isTrue();
        assertThat(reading(() -> store.apiKeys().find(key.id())).get().lastUsedAt()).contains(at(170));
        assertThat(markUsed(ContractFixtures.apiKey(business, false), 1, 0)).as("unknown key").isFalse();
    }

    @Test
    void nodes_racing_to_record_a_use_of_one_key_write_it_once() {
        var business = insertedBusiness();
        var key = inserted(ContractFixtures.apiKey(business, false));

        var outcomes = race(16, i -> markUsed(key, 100 + i % 2, 50));

        assertThat(outcomes).allMatch(io.vavr.control.Either::isRight);
        assertThat(outcomes.stream().filter(o -> o.get()).count()).isEqualTo(1);
    }

    private static ApiKey createdAt(ApiKey key, long second) {
        return new ApiKey(key.id(), key.businessId(), key.tokenHash(), key.readOnly(), at(second), key.revokedAt(),
                key.tokenPrefix(), key.lastUsedAt(), key.name());
    }

    private static ApiKey named(ApiKey key, String name) {
        return new ApiKey(key.id(), key.businessId(), key.tokenHash(), key.readOnly(), key.createdAt(), key.revokedAt(),
                key.tokenPrefix(), key.lastUsedAt(), Option.some(name));
    }

    private boolean rename(BusinessId business, ApiKey key, Option<String> name) {
        return store.transactions().write(() -> io.vavr.control.Either.right(store.apiKeys().rename(business, key.id(), name))).get();
    }

    private boolean markUsed(ApiKey key, long second, long staleBeforeSecond) {
        return store.transactions().write(() -> io.vavr.control.Either.right(
                store.apiKeys().markUsed(key.id(), at(second), at(staleBeforeSecond)))).get();
    }

    private boolean revoke(BusinessId business, ApiKey key, long second) {
        return store.transactions().write(() -> io.vavr.control.Either.right(store.apiKeys().revoke(business, key.id(), at(second)))).get();
    }

    private ApiKey inserted(ApiKey key) {
        inUnit(() -> store.apiKeys().insert(key));
        return key;
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
