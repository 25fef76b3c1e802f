package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.Grantor;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Access.CreatedApiKey;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError.Unauthorized;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory of authenticated API keys, on the in-memory store with a clock moved by hand: what a request
 * costs in reads of the store, and how long a revoked key keeps working (on this node: not at all; revoked
 * elsewhere: at most the time to live).
 */
class AuthenticatedKeysTest {

    static final Duration TTL = Duration.ofSeconds(1);

    final InMemoryStore store = new InMemoryStore();
    final MutableClock clock = new MutableClock();
    final CountingApiKeys apiKeys = new CountingApiKeys(store.apiKeys());

    /** One node: its access service and its operator's view share one memory, as the facade builds them. */
    final class Node {
        final AuthenticatedKeys authenticated;
        final AccessService access;
        final AccessAdministrationService administration;

        Node(Duration timeToLive) {
            authenticated = new AuthenticatedKeys(timeToLive);
            access = new AccessService(store.transactions(), store.businesses(), apiKeys, store.auditTrail(),
                    new SecureIdGenerator(clock), clock, authenticated);
            administration = new AccessAdministrationService(store.transactions(), store.businesses(), apiKeys, store.auditTrail(),
                    new SecureIdGenerator(clock), clock, authenticated);
        }

        boolean admits(String token) {
            return access.authenticate(token).isRight();
        }
    }

    final Node node = new Node(TTL);
    final BusinessId business = node.access.createBusiness("Acme").get().id();
    final CreatedApiKey key = node.access.createApiKey(business, false).get();

    @Nested
    class A_live_key {

        @Test
        void is_read_once_and_then_served_from_memory_within_the_time_to_live() {
            assertThat(node.admits(key.token())).isTrue();
            int reads = apiKeys.reads.get();
            clock.advance(TTL.minusMillis(1));

            assertThat(node.admits(key.token())).isTrue();
            assertThat(node.admits(key.token())).isTrue();
            assertThat(apiKeys.reads.get()).as("reads of the store within the time to live").isEqualTo(reads);
        }

        @Test
        void is_read_again_once_the_time_to_live_has_passed() {
            node.admits(key.token());
            int reads = apiKeys.reads.get();
            clock.advance(TTL);

            assertThat(node.admits(key.token())).isTrue();
            assertThat(apiKeys.reads.get()).isEqualTo(reads + 1);
            clock.advance(TTL.minusMillis(1));
            assertThat(node.admits(key.token())).isTrue();
            assertThat(apiKeys.reads.get()).as("the entry's age restarts at the new read").isEqualTo(reads + 1);
        }

        @Test
        void is_read_again_when_the_clock_steps_back() {
            node.admits(key.token());
            int reads = apiKeys.reads.get();
            clock.set(MutableClock.DEFAULT_START.minus(Duration.ofHours(1)));

            assertThat(node.admits(key.token())).isTrue();
            assertThat(apiKeys.reads.get()).as("an entry from the future is not trusted").isEqualTo(reads + 1);
        }

        @Test
        void with_a_time_to_live_of_0_is_read_on_every_request() {
            var uncached = new Node(Duration.ZERO);
            int before = apiKeys.reads.get();

            for (int i = 0; i < 5; i++) {
                assertThat(uncached.admits(key.token())).isTrue();
            }
            assertThat(apiKeys.reads.get() - before).isEqualTo(5);
            assertThat(uncached.authenticated.size()).isZero();
        }

        @Test
        void records_its_use_from_memory_when_the_last_recorded_use_went_stale_meanwhile() {
            var longLived = new Node(AuthenticatedKeys.MAX_TIME_TO_LIVE);
            // another node recorded a use; this one reads the key 59 s later, when that use is still fresh
            Instant usedElsewhere = clock.instant();
            store.transactions().write(() -> Either.right(store.apiKeys().markUsed(key.id(), usedElsewhere, usedElsewhere.minusSeconds(60))));
            clock.advance(Duration.ofSeconds(59));
            assertThat(longLived.admits(key.token())).isTrue();
            int reads = apiKeys.reads.get();

            Instant now = clock.advance(Duration.ofSeconds(2));
            assertThat(longLived.admits(key.token())).isTrue();

            assertThat(apiKeys.reads.get()).as("served from memory").isEqualTo(reads);
            assertThat(stored().lastUsedAt()).as("the use is recorded all the same").contains(now);
        }
    }

    @Nested
    class A_revoked_key {

        @Test
        void revoked_through_this_node_is_refused_on_the_next_request() {
            assertThat(node.admits(key.token())).isTrue();

            assertThat(node.access.revokeApiKey(business, key.id()).get()).isTrue();

            assertThat(node.access.authenticate(key.token()).getLeft()).isInstanceOf(Unauthorized.class);
        }

        @Test
        void revoked_through_this_node_s_operator_view_is_refused_on_the_next_request() {
            assertThat(node.admits(key.token())).isTrue();

            assertThat(node.administration.revoke(key.id()).isRight()).isTrue();

            assertThat(node.admits(key.token())).isFalse();
        }

        @Test
        void revoked_by_another_node_is_served_until_the_time_to_live_has_passed_and_refused_from_then_on() {
            assertThat(node.admits(key.token())).isTrue();
            var otherNode = new Node(TTL);

            otherNode.access.revokeApiKey(business, key.id()).get();

            clock.advance(TTL.minusMillis(1));
            assertThat(node.admits(key.token())).as("within the time to live, the bound this memory allows").isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(node.admits(key.token())).as("once the time to live has passed").isFalse();
            assertThat(otherNode.admits(key.token())).as("the revoking node at once").isFalse();
        }

        @Test
        void revoked_in_the_store_directly_is_refused_once_the_time_to_live_has_passed() {
            assertThat(node.admits(key.token())).isTrue();

            store.transactions().write(() -> Either.right(store.apiKeys().revoke(business, key.id(), clock.instant())));

            clock.advance(TTL);
            assertThat(node.admits(key.token())).isFalse();
            int reads = apiKeys.reads.get();
            assertThat(node.admits(key.token())).isFalse();
            assertThat(apiKeys.reads.get()).as("a revoked key is never served from memory").isEqualTo(reads + 1);
            assertThat(node.authenticated.size()).isZero();
        }

        @Test
        void a_revocation_that_rolls_back_drops_nothing() {
            assertThat(node.admits(key.token())).isTrue();
            int reads = apiKeys.reads.get();

            assertThatThrownBy(() -> store.transactions().write(() -> {
                node.access.revokeApiKey(business, key.id());
                throw new IllegalStateException("the host's transaction fails");
            })).hasMessageContaining("host's transaction");

            assertThat(node.admits(key.token())).isTrue();
            assertThat(apiKeys.reads.get()).as("still served from memory").isEqualTo(reads);
        }
    }

    @Nested
    class Unknown_tokens {

        @Test
        void are_never_kept_and_read_the_store_every_time() {
            int before = apiKeys.reads.get();
            var guesses = List.range(0, 1_000).map(i -> "gr_live_" + "%040d".formatted(i));

            guesses.forEach(guess -> assertThat(node.admits(guess)).isFalse());
            guesses.take(10).forEach(guess -> assertThat(node.admits(guess)).isFalse());

            assertThat(apiKeys.reads.get() - before).isEqualTo(1_010);
            assertThat(node.authenticated.size()).isZero();
        }

        @Test
        void malformed_ones_never_reach_the_store() {
            int before = apiKeys.reads.get();

            assertThat(node.admits("Bearer " + key.token())).isFalse();
            assertThat(node.admits(null)).isFalse();

            assertThat(apiKeys.reads.get()).isEqualTo(before);
        }
    }

    @Nested
    class The_memory {

        @Test
        void holds_at_most_its_capacity_and_still_admits_every_live_key() {
            var keys = List.range(0, AuthenticatedKeys.CAPACITY + 5).map(i -> {
                var live = store.apiKeys();
                var hash = "%064x".formatted(i);
                var stored = new ApiKeys.ApiKey("key_" + i, business, hash, false, clock.instant(), Option.none(), Option.none(),
                        Option.none(), Option.none());
                store.transactions().write(() -> {
                    live.insert(stored);
                    return Either.right(stored);
                });
                return stored;
            });

            for (var stored : keys) {
                assertThat(node.authenticated.live(stored.tokenHash(), clock.instant(),
                        () -> store.apiKeys().findByTokenHash(stored.tokenHash()))).contains(stored);
            }

            assertThat(node.authenticated.size()).isBetween(1, AuthenticatedKeys.CAPACITY);
        }

        @Test
        void does_not_serve_a_key_whose_read_overlapped_a_local_revocation() {
            String hash = AccessService.hash(key.token());
            var reads = new AtomicInteger();
            java.util.function.Supplier<Option<ApiKeys.ApiKey>> read = () -> {
                reads.incrementAndGet();
                return store.transactions().read(() -> store.apiKeys().findByTokenHash(hash));
            };
            // the read saw the key live, and a revocation through this engine committed before the read came back
            assertThat(node.authenticated.live(hash, clock.instant(), () -> {
                var live = read.get();
                node.authenticated.revoked();
                return live;
            })).isNotEmpty();

            node.authenticated.live(hash, clock.instant(), read);

            assertThat(reads.get()).as("the next call reads the store again").isEqualTo(2);
        }

        @Test
        void takes_a_time_to_live_from_0_to_a_minute() {
            assertThat(new AuthenticatedKeys(Duration.ZERO).timeToLive()).isZero();
            assertThat(new AuthenticatedKeys(Duration.ofMinutes(1)).timeToLive()).isEqualTo(Duration.ofMinutes(1));
            for (var outside : new Duration[] {Duration.ofMillis(-1), Duration.ofMinutes(1).plusMillis(1), null}) {
                assertThatThrownBy(() -> new AuthenticatedKeys(outside)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("must be 0 to 60000 ms");
            }
        }
    }

    @Nested
    class The_facade {

        Grantor engine(Grantor.Builder builder) {
            return builder.storage(store).apiKeys(apiKeys).mailer(new RecordingMailer()).clock(clock).build();
        }

        @Test
        void keeps_authenticated_keys_for_1_second_by_default() {
            var grantor = engine(Grantor.builder());
            assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();
            int reads = apiKeys.reads.get();

            clock.advance(Duration.ofMillis(999));
            assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();
            assertThat(apiKeys.reads.get()).isEqualTo(reads);
            clock.advance(Duration.ofMillis(1));
            assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();
            assertThat(apiKeys.reads.get()).isEqualTo(reads + 1);
        }

        @Test
        void reads_every_time_with_a_time_to_live_of_0() {
            var grantor = engine(Grantor.builder().apiKeyCacheTtl(Duration.ZERO));
            int before = apiKeys.reads.get();

            for (int i = 0; i < 3; i++) {
                assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();
            }
            assertThat(apiKeys.reads.get() - before).isEqualTo(3);
        }

        @Test
        void refuses_a_key_revoked_through_its_operator_view_on_the_next_request() {
            var grantor = engine(Grantor.builder().apiKeyCacheTtl(AuthenticatedKeys.MAX_TIME_TO_LIVE));
            assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();

            assertThat(grantor.accessAdministration().revoke(key.id()).isRight()).isTrue();

            assertThat(grantor.access().authenticate(key.token()).isLeft()).isTrue();
        }

        @Test
        void rejects_a_time_to_live_outside_0_to_a_minute_when_it_is_set() {
            assertThatThrownBy(() -> Grantor.builder().apiKeyCacheTtl(Duration.ofSeconds(61)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 0 to 60000 ms");
        }
    }

    ApiKeys.ApiKey stored() {
        return store.transactions().read(() -> store.apiKeys().find(key.id())).get();
    }

    /** The store's keys, counting the reads that authentication makes. */
    static final class CountingApiKeys implements ApiKeys {
        final ApiKeys store;
        final AtomicInteger reads = new AtomicInteger();

        CountingApiKeys(ApiKeys store) {
            this.store = store;
        }

        @Override
        public Option<ApiKey> findByTokenHash(String tokenHash) {
            reads.incrementAndGet();
            return store.findByTokenHash(tokenHash);
        }

        @Override
        public void insert(ApiKey key) {
            store.insert(key);
        }

        @Override
        public Option<ApiKey> find(BusinessId business, String id) {
            return store.find(business, id);
        }

        @Override
        public Option<ApiKey> find(String id) {
            return store.find(id);
        }

        @Override
        public Option<ApiKey> hold(String id) {
            return store.hold(id);
        }

        @Override
        public List<ApiKey> list(BusinessId business) {
            return store.list(business);
        }

        @Override
        public boolean revoke(BusinessId business, String id, Instant at) {
            return store.revoke(business, id, at);
        }

        @Override
        public boolean rename(BusinessId business, String id, Option<String> name) {
            return store.rename(business, id, name);
        }

        @Override
        public boolean markUsed(String id, Instant at, Instant staleBefore) {
            return store.markUsed(id, at, staleBefore);
        }
    }
}
