package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.WebhookEndpoints.RetiringSecret;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@code WebhookEndpoints}: every part kept, tenants apart, versions guarded, cursor paging by id. */
public abstract class WebhookEndpointsContract extends WebhookContract {

    @Test
    void an_inserted_endpoint_comes_back_as_it_was_stored() {
        var full = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        var plain = WebhookFixtures.plainEndpoint(full.businessId(), at(2));

        inUnit(() -> {
            store.webhookEndpoints().insert(full);
            store.webhookEndpoints().insert(plain);
        });

        assertThat(store.webhookEndpoints().find(full.businessId(), full.id())).contains(full);
        assertThat(store.webhookEndpoints().find(plain.businessId(), plain.id())).contains(plain);
    }

    @Test
    void another_business_finds_lists_and_deletes_nothing_of_it() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        var other = WebhookFixtures.business();
        inUnit(() -> store.webhookEndpoints().insert(endpoint));

        assertThat(store.webhookEndpoints().find(other, endpoint.id())).isEmpty();
        assertThat(store.webhookEndpoints().list(other, Option.none(), 10)).isEmpty();
        assertThat(store.webhookEndpoints().enabled(other)).isEmpty();
        assertThat(store.webhookEndpoints().delete(other, endpoint.id())).isFalse();
        assertThat(store.webhookEndpoints().find(endpoint.businessId(), endpoint.id())).isNotEmpty();
    }

    @Test
    void an_update_at_the_stored_version_is_kept_at_the_next_version() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        inUnit(() -> store.webhookEndpoints().insert(endpoint));
        var changed = new WebhookEndpoint(endpoint.id(), endpoint.businessId(), "https://other.example.com/h", Option.none(),
                endpoint.metadata(), true, List.empty(), LinkedHashMap.of("X-New", "1"), Option.none(), endpoint.secret(),
                Option.none(), endpoint.createdAt(), at(5), 0);

        inUnit(() -> store.webhookEndpoints().update(changed));

        var stored = store.webhookEndpoints().find(endpoint.businessId(), endpoint.id()).get();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.url()).isEqualTo("https://other.example.com/h");
        assertThat(stored.disabled()).isTrue();
        assertThat(stored.filterTypes()).isEmpty();
        assertThat(stored.headers()).isEqualTo(LinkedHashMap.of("X-New", "1"));
        assertThat(stored.description()).isEmpty();
        assertThat(stored.rateLimit()).isEmpty();
        assertThat(stored.updatedAt()).isEqualTo(at(5));
    }

    @Test
    void a_rotation_stores_the_new_secret_and_the_retiring_one_with_its_time_and_a_later_one_clears_it() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        inUnit(() -> store.webhookEndpoints().insert(endpoint));
        var retiring = new RetiringSecret(endpoint.secret(), at(86_401));
        inUnit(() -> store.webhookEndpoints().update(endpoint.withSecrets("whsec_c2Vjb25kIHNlY3JldCBvZiB0aGlydHkgdHdv", Option.some(retiring), endpoint.updatedAt())));

        var rotated = store.webhookEndpoints().find(endpoint.businessId(), endpoint.id()).get();
        assertThat(rotated.secret()).isEqualTo("whsec_c2Vjb25kIHNlY3JldCBvZiB0aGlydHkgdHdv");
        assertThat(rotated.retiring()).contains(retiring);
        assertThat(store.webhookEndpoints().enabled(endpoint.businessId()).single().retiring()).contains(retiring);

        inUnit(() -> store.webhookEndpoints().update(rotated.withSecrets("whsec_dGhpcmQgc2VjcmV0IG9mIHRoaXJ0eSB0d28h", Option.none(), rotated.updatedAt())));

        var again = store.webhookEndpoints().find(endpoint.businessId(), endpoint.id()).get();
        assertThat(again.secret()).isEqualTo("whsec_dGhpcmQgc2VjcmV0IG9mIHRoaXJ0eSB0d28h");
        assertThat(again.retiring()).isEmpty();
        assertThat(again.version()).isEqualTo(2);
    }

    @Test
    void an_update_from_a_stale_version_is_a_concurrent_update_and_changes_nothing() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        inUnit(() -> store.webhookEndpoints().insert(endpoint));
        inUnit(() -> store.webhookEndpoints().update(endpoint));

        assertThatThrownBy(() -> inUnit(() -> store.webhookEndpoints().update(WebhookFixtures.disabled(endpoint))))
                .isInstanceOf(ConcurrentUpdate.class);
        assertThat(store.webhookEndpoints().find(endpoint.businessId(), endpoint.id()).get().disabled()).isFalse();
    }

    @Test
    void a_list_is_oldest_first_by_id_and_continues_after_the_cursor() {
        var business = WebhookFixtures.business();
        var endpoints = List.range(0, 7).map(i -> WebhookFixtures.endpoint(business, at(i)));
        inUnit(() -> endpoints.forEach(store.webhookEndpoints()::insert));
        var ids = endpoints.map(WebhookEndpoint::id).sorted();

        var first = store.webhookEndpoints().list(business, Option.none(), 3).map(WebhookEndpoint::id);
        var second = store.webhookEndpoints().list(business, Option.some(first.last()), 3).map(WebhookEndpoint::id);
        var third = store.webhookEndpoints().list(business, Option.some(second.last()), 3).map(WebhookEndpoint::id);

        assertThat(first.appendAll(second).appendAll(third)).containsExactlyElementsOf(ids);
        assertThat(third).hasSize(1);
    }

    /** The cursor compares ids as Java compares strings ('Z' before 'a'), whatever language the database sorts in. */
    @Test
    void the_cursor_orders_ids_by_their_characters_not_as_words() {
        var business = WebhookFixtures.business();
        String prefix = ContractFixtures.id("whk_").substring(0, "whk_".length() + 8);
        var endpoints = List.of("aaaaaaaaaaaaa", "Bbbbbbbbbbbbb", "Zzzzzzzzzzzzz", "0000000000000", "bbbbbbbbbbbbb")
                .map(random -> withId(WebhookFixtures.endpoint(business, at(1)), prefix + random));
        inUnit(() -> endpoints.forEach(store.webhookEndpoints()::insert));

        var first = store.webhookEndpoints().list(business, Option.none(), 2).map(WebhookEndpoint::id);
        var rest = store.webhookEndpoints().list(business, Option.some(first.last()), 10).map(WebhookEndpoint::id);

        assertThat(first.appendAll(rest)).containsExactly(prefix + "0000000000000", prefix + "Bbbbbbbbbbbbb",
                prefix + "Zzzzzzzzzzzzz", prefix + "aaaaaaaaaaaaa", prefix + "bbbbbbbbbbbbb");
    }

    private static WebhookEndpoint withId(WebhookEndpoint e, String id) {
        return new WebhookEndpoint(id, e.businessId(), e.url(), e.description(), e.metadata(), e.disabled(), e.filterTypes(),
                e.headers(), e.rateLimit(), e.secret(), e.retiring(), e.createdAt(), e.updatedAt(), e.version());
    }

    @Test
    void enabled_leaves_out_disabled_endpoints() {
        var business = WebhookFixtures.business();
        var on = WebhookFixtures.endpoint(business, at(1));
        var off = WebhookFixtures.disabled(WebhookFixtures.endpoint(business, at(2)));
        inUnit(() -> {
            store.webhookEndpoints().insert(on);
            store.webhookEndpoints().insert(off);
        });

        assertThat(store.webhookEndpoints().enabled(business).map(WebhookEndpoint::id)).containsExactly(on.id());
    }

    @Test
    void deleting_removes_the_endpoint_and_its_deliveries() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));
        var kept = WebhookFixtures.endpoint(endpoint.businessId(), at(1));
        var gone = WebhookFixtures.delivery(endpoint, at(2));
        var stays = WebhookFixtures.delivery(kept, at(2));
        inUnit(() -> {
            store.webhookEndpoints().insert(endpoint);
            store.webhookEndpoints().insert(kept);
            store.webhookDeliveries().record(List.of(gone, stays));
        });

        assertThat(store.webhookEndpoints().delete(endpoint.businessId(), endpoint.id())).isTrue();

        assertThat(store.webhookEndpoints().find(endpoint.businessId(), endpoint.id())).isEmpty();
        assertThat(store.webhookDeliveries().find(endpoint.businessId(), gone.id())).isEmpty();
        assertThat(store.webhookDeliveries().find(kept.businessId(), stays.id())).isNotEmpty();
        assertThat(store.webhookEndpoints().delete(endpoint.businessId(), endpoint.id())).isFalse();
    }

    @Test
    void an_endpoint_inserted_in_a_unit_that_rolls_back_is_gone() {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at(1));

        store.transactions().write(() -> {
            store.webhookEndpoints().insert(endpoint);
            return Either.left("rolled back");
        });

        assertThat(store.webhookEndpoints().find(endpoint.businessId(), endpoint.id())).isEmpty();
    }

    @Test
    void an_insert_beyond_the_business_limit_stores_nothing_and_says_so() {
        var business = WebhookFixtures.business();
        var first = WebhookFixtures.endpoint(business, at(1));
        var second = WebhookFixtures.endpoint(business, at(2));

        assertThat(store.webhookEndpoints().insert(first, 1)).isTrue();
        assertThat(store.webhookEndpoints().insert(second, 1)).isFalse();
        assertThat(store.webhookEndpoints().insert(WebhookFixtures.endpoint(WebhookFixtures.business(), at(3)), 1))
                .as("another business has its own limit").isTrue();

        assertThat(store.transactions().read(() -> store.webhookEndpoints().find(business, second.id()))).isEmpty();
    }

    @Test
    void sixteen_racing_inserts_never_take_a_business_past_its_limit_of_five() {
        var business = WebhookFixtures.business();

        var outcomes = PortContract.race(16, n -> store.transactions().write(() ->
                Either.right(store.webhookEndpoints().insert(WebhookFixtures.endpoint(business, at(n)), 5))).get());

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().filter(outcome -> outcome.get()).count()).isEqualTo(5);
        assertThat(store.transactions().read(() -> store.webhookEndpoints().list(business, Option.none(), 100))).hasSize(5);
    }
}
