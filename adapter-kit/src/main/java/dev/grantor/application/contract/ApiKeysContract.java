package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.domain.shared.BusinessId;
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
