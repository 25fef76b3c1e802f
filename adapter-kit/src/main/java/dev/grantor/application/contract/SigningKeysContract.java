package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.SigningKeys.SigningKey;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code SigningKeys}: generations per business, the highest is current; one generation is stored once
 * even under a race; deletion and reads are tenant-scoped; sealed private keys round-trip exactly.
 */
public abstract class SigningKeysContract extends PortContract {

    private static final AtomicInteger KIDS = new AtomicInteger();

    @Test
    void keys_round_trip_exactly_and_the_highest_generation_is_current() {
        var business = insertedBusiness();
        var first = key(business, 1, 1);
        var second = key(business, 2, 2);
        inUnit(() -> store.signingKeys().insert(first));
        inUnit(() -> store.signingKeys().insert(second));

        assertThat(current(business)).contains(second);
        assertThat(reading(() -> store.signingKeys().all(business))).containsExactly(second, first);
    }

    @Test
    void a_business_without_keys_has_no_current_key() {
        var business = insertedBusiness();

        assertThat(current(business)).isEmpty();
        assertThat(reading(() -> store.signingKeys().all(business))).isEmpty();
    }

    @Test
    void a_generation_is_stored_once_per_business_and_other_businesses_have_their_own() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        inUnit(() -> store.signingKeys().insert(key(business, 1, 1)));

        assertThatThrownBy(() -> inUnit(() -> store.signingKeys().insert(key(business, 1, 2))))
                .isInstanceOfSatisfying(DuplicateRecord.class,
                        d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.SIGNING_KEY_GENERATION));
        inUnit(() -> store.signingKeys().insert(key(other, 1, 3)));

        assertThat(reading(() -> store.signingKeys().all(business))).hasSize(1);
        assertThat(reading(() -> store.signingKeys().all(other))).hasSize(1);
    }

    @Test
    void of_racing_first_keys_exactly_one_is_stored() {
        var business = insertedBusiness();

        var results = race(16, n -> store.transactions().write(() -> {
            store.signingKeys().insert(key(business, 1, n));
            return Either.right(n);
        }));

        assertThat(results.stream().filter(Either::isRight)).hasSize(1);
        assertThat(results.stream().filter(Either::isLeft))
                .allMatch(r -> r.getLeft() instanceof DuplicateRecord d && d.rule() == DuplicateRecord.Rule.SIGNING_KEY_GENERATION
                        || r.getLeft() instanceof ConcurrentUpdate);
        assertThat(reading(() -> store.signingKeys().all(business))).hasSize(1);
    }

    @Test
    void a_deleted_key_is_gone_and_another_business_cannot_delete_it() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var first = key(business, 1, 1);
        var second = key(business, 2, 2);
        inUnit(() -> store.signingKeys().insert(first));
        inUnit(() -> store.signingKeys().insert(second));

        assertThat(delete(other, first.kid())).isFalse();
        assertThat(delete(business, first.kid())).isTrue();
        assertThat(delete(business, first.kid())).isFalse();

        assertThat(reading(() -> store.signingKeys().all(business))).containsExactly(second);
    }

    /**
     * A signed issue reads the current key, signs, and commits; a rotation and a delete of that key committed in between
     * left a key signed with a key already gone from the JWKS. Now the delete waits for the unit that read the key.
     */
    @Test
    void a_key_read_as_current_is_not_deleted_until_the_unit_that_read_it_ends() throws Exception {
        var business = insertedBusiness();
        var first = key(business, 1, 1);
        inUnit(() -> store.signingKeys().insert(first));

        var read = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        // Threads of their own: the common pool may have one, and the delete would wait for it, not for the key.
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var signer = java.util.concurrent.CompletableFuture.supplyAsync(() -> store.transactions().write(() -> {
                var kid = store.signingKeys().current(business).map(SigningKey::kid);
                read.countDown();
                awaitQuietly(release);
                return Either.right(kid);
            }).get(), threads);
            assertThat(read.await(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            var rotationAndDelete = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                inUnit(() -> store.signingKeys().insert(key(business, 2, 2)));
                return delete(business, first.kid());
            }, threads);

            Thread.sleep(300);
            assertThat(rotationAndDelete).as("the delete waits while a unit holds the key it read as current").isNotDone();
            release.countDown();

            assertThat(signer.get(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).contains(first.kid());
            assertThat(rotationAndDelete.get(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            assertThat(reading(() -> store.signingKeys().all(business))).extracting(SigningKey::generation).containsExactly(2);
        } finally {
            release.countDown();
            threads.shutdown();
        }
    }

    @Test
    void the_sealed_private_key_never_shows_in_the_records_text() {
        var key = key(insertedBusiness(), 1, 1);

        assertThat(key.toString()).doesNotContain(key.sealedPrivateKey()).contains(key.kid());
    }

    private io.vavr.control.Option<SigningKey> current(BusinessId business) {
        return store.transactions().write(() -> Either.right(store.signingKeys().current(business))).get();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean delete(BusinessId business, String kid) {
        return store.transactions().write(() -> Either.right(store.signingKeys().delete(business, kid))).get();
    }

    private static SigningKey key(BusinessId business, int generation, int n) {
        String kid = "sk_" + String.format("%021d", KIDS.incrementAndGet() * 1000 + n);
        return new SigningKey(kid, business, generation, "x".repeat(42) + (char) ('A' + n % 26),
                "aes-256-gcm:" + "s".repeat(60) + n, at(generation));
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
