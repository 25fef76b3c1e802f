package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.memory.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on the public license routes (http-api.md: "any POST, PATCH or DELETE may carry" it): the
 * customer's software that lost an activation's answer sends it again and gets the same instance, not a second seat.
 * The records are the license key's holder's, named by the license key too, and are reached only after the budgets of
 * failed checks let the call through.
 */
class PublicIdempotencyOverHttpTest {

    private static final ApiServer server = new ApiServer();
    private static final String ACTIVATE = "/licenses/activate";

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new grant of business {@code tenant} fulfilled with {@code key} (two seats); answers the grant's id. */
    private static String keyed(ApiServer on, ApiServer.Tenant tenant, String key) {
        String grant = on.issue(tenant, on.manualEntitlement(tenant), key.toLowerCase() + "@example.com").path("id").asText();
        on.fulfill(tenant, grant, key);
        return grant;
    }

    private static int seatsTaken(ApiServer on, ApiServer.Tenant tenant, String grant) {
        return on.get("/grants/" + grant, tenant.readKey()).json().path("license_key").path("activations_used").asInt();
    }

    private static String unique() {
        return "idem-" + System.nanoTime();
    }

    @Test
    void a_retried_activation_answers_the_same_instance_and_takes_one_seat() {
        String grant = keyed(server, server.a, "PUB-RETRY-1");
        String idem = unique();
        var body = json("license_key", "PUB-RETRY-1", "name", "laptop");

        var first = server.send("POST", ACTIVATE, null, body, "Idempotency-Key", idem);
        var retry = server.send("POST", ACTIVATE, null, body, "Idempotency-Key", idem);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw()).isEqualTo(first.raw());
        assertThat(seatsTaken(server, server.a, grant)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_refused_and_takes_no_seat() {
        String grant = keyed(server, server.a, "PUB-REUSED-1");
        String idem = unique();

        var first = server.send("POST", ACTIVATE, null, json("license_key", "PUB-REUSED-1", "name", "laptop"), "Idempotency-Key", idem);
        var other = server.send("POST", ACTIVATE, null, json("license_key", "PUB-REUSED-1", "name", "desktop"), "Idempotency-Key", idem);

        assertThat(first.status()).isEqualTo(201);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(seatsTaken(server, server.a, grant)).isEqualTo(1);
    }

    /**
     * Two customers' installs that happen to send one idempotency key (a fixed one, a machine name) each activate their
     * own key: the same business's other key and another business's key get instances of their own, never the first
     * key's answer.
     */
    @Test
    void another_license_key_with_the_same_idempotency_key_is_an_activation_of_its_own() {
        String grant = keyed(server, server.a, "PUB-SCOPE-1");
        String sameBusiness = keyed(server, server.a, "PUB-SCOPE-2");
        String otherBusiness = keyed(server, server.b, "PUB-SCOPE-3");
        String idem = unique();

        var first = server.send("POST", ACTIVATE, null, json("license_key", "PUB-SCOPE-1", "name", "pc"), "Idempotency-Key", idem);
        var second = server.send("POST", ACTIVATE, null, json("license_key", "PUB-SCOPE-2", "name", "pc"), "Idempotency-Key", idem);
        var third = server.send("POST", ACTIVATE, null, json("license_key", "PUB-SCOPE-3", "name", "pc"), "Idempotency-Key", idem);

        assertThat(List.of(first.status(), second.status(), third.status())).containsOnly(201);
        var instances = List.of(first.json().path("id").asText(), second.json().path("id").asText(), third.json().path("id").asText());
        assertThat(instances).doesNotHaveDuplicates();
        assertThat(second.json().path("license_key_id").asText()).isNotEqualTo(first.json().path("license_key_id").asText());
        assertThat(List.of(seatsTaken(server, server.a, grant), seatsTaken(server, server.a, sameBusiness),
                seatsTaken(server, server.b, otherBusiness))).containsOnly(1);
    }

    /**
     * Four installs send one activation with one key at the same moment (a retry racing its first try): one runs, the
     * others get its answer or 409, and the key has one instance. Without the claim the key's two seats both went.
     */
    @RepeatedTest(8)
    void concurrent_duplicates_take_one_seat() throws Exception {
        String key = "PUB-RACE-" + System.nanoTime();
        String grant = keyed(server, server.a, key);
        var answers = race(server, json("license_key", key, "name", "laptop"), unique(), 4);

        var created = answers.stream().filter(answer -> answer.status() == 201).map(answer -> answer.json().path("id").asText()).toList();
        assertThat(created).isNotEmpty();
        assertThat(created).as("every 201 is the one instance").containsOnly(created.getFirst());
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status() == 201
                || answer.status() == 409 && "IDEMPOTENCY_KEY_REUSED".equals(answer.code())).as(answer.raw()).isTrue());
        assertThat(seatsTaken(server, server.a, grant)).isEqualTo(1);
    }

    static List<ApiServer.Response> race(ApiServer on, Object body, String idem, int clients) throws Exception {
        var barrier = new CyclicBarrier(clients);
        var pool = Executors.newFixedThreadPool(clients);
        try {
            var futures = new ArrayList<Future<ApiServer.Response>>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return on.send("POST", ACTIVATE, null, body, "Idempotency-Key", idem);
                }));
            }
            var answers = new ArrayList<ApiServer.Response>();
            for (var future : futures) {
                answers.add(future.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A key nobody holds has no records to replay: each guess runs, is refused and spends the budget, idempotency key or
     * not, and once the budget is spent the next guess is refused before anything is looked up.
     */
    @Test
    void a_wrong_license_key_with_an_idempotency_key_spends_the_failure_budget_each_time() {
        var clock = new MutableClock();
        try (var limited = new ApiServer(settings -> settings.withClock(clock).withLicenseFailureBudget(new RateLimit(3, 0.001)), null)) {
            var guess = json("license_key", "PUB-GUESS-0001", "name", "pc");
            for (int i = 0; i < 3; i++) {
                var refused = limited.send("POST", ACTIVATE, null, guess, "Idempotency-Key", "the-same-key");
                assertThat(refused.code()).as("guess " + i).isEqualTo("LICENSE_KEY_NOT_FOUND");
            }

            var spent = limited.send("POST", ACTIVATE, null, guess, "Idempotency-Key", "the-same-key");

            assertThat(spent.status()).isEqualTo(429);
            assertThat(limited.get("/metrics", null).raw()).contains("grantor_licenses_failed_checks_total 3.0");
        }
    }

    /**
     * http-api.md stores every answer below 500: an activation refused at the limit is refused again for that key even
     * once a seat is free, while a new idempotency key activates. Each replay of the refusal spends the budget as the
     * check it repeats would, so the store is no way to ask about a key for free.
     */
    @Test
    void a_stored_refusal_comes_back_after_a_seat_is_freed_and_spends_the_budget_again() {
        try (var counted = new ApiServer()) {
            String grant = keyed(counted, counted.a, "PUB-FULL-1");
            var laptop = counted.post(ACTIVATE, null, json("license_key", "PUB-FULL-1", "name", "laptop"));
            counted.post(ACTIVATE, null, json("license_key", "PUB-FULL-1", "name", "desktop"));
            var third = json("license_key", "PUB-FULL-1", "name", "tablet");
            var refused = counted.send("POST", ACTIVATE, null, third, "Idempotency-Key", "tablet-1");
            counted.post("/licenses/deactivate", null, json("license_key", "PUB-FULL-1",
                    "license_key_instance_id", laptop.json().path("id").asText()));

            var replay = counted.send("POST", ACTIVATE, null, third, "Idempotency-Key", "tablet-1");
            var replayAgain = counted.send("POST", ACTIVATE, null, third, "Idempotency-Key", "tablet-1");
            var fresh = counted.send("POST", ACTIVATE, null, third, "Idempotency-Key", "tablet-2");

            assertThat(refused.code()).isEqualTo("LICENSE_KEY_LIMIT_REACHED");
            assertThat(replay.status()).isEqualTo(422);
            assertThat(replay.raw()).isEqualTo(refused.raw());
            assertThat(replayAgain.raw()).isEqualTo(refused.raw());
            assertThat(fresh.status()).isEqualTo(201);
            assertThat(seatsTaken(counted, counted.a, grant)).isEqualTo(2);
            assertThat(counted.get("/metrics", null).raw()).contains("grantor_licenses_failed_checks_total 3.0");
        }
    }

    /**
     * The records are found through the license key's value: once rotated, the old value is no key, so a retry with it
     * is refused and replays nothing, and the new value with the same idempotency key is a request of its own.
     */
    @Test
    void after_a_rotation_the_old_value_replays_nothing() {
        String grant = keyed(server, server.a, "PUB-ROTATE-OLD");
        String idem = unique();
        var first = server.send("POST", ACTIVATE, null, json("license_key", "PUB-ROTATE-OLD", "name", "pc"), "Idempotency-Key", idem);
        String keyId = first.json().path("license_key_id").asText();
        ApiServer.requireStatus(server.send("POST", "/license_keys/" + keyId + "/rotate", server.a.writeKey(),
                json("key", "PUB-ROTATE-NEW")), 200);

        var oldValue = server.send("POST", ACTIVATE, null, json("license_key", "PUB-ROTATE-OLD", "name", "pc"), "Idempotency-Key", idem);
        var newValue = server.send("POST", ACTIVATE, null, json("license_key", "PUB-ROTATE-NEW", "name", "pc"), "Idempotency-Key", idem);

        assertThat(first.status()).isEqualTo(201);
        assertThat(oldValue.code()).isEqualTo("LICENSE_KEY_NOT_FOUND");
        assertThat(newValue.status()).isEqualTo(201);
        assertThat(newValue.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());
        assertThat(seatsTaken(server, server.a, grant)).isEqualTo(2);
    }

    /** A stored answer is a past fact: the key's holder, who got it once, gets it again after the merchant disables it. */
    @Test
    void a_disabled_key_still_answers_its_stored_activation() {
        keyed(server, server.a, "PUB-DISABLED-1");
        String idem = unique();
        var body = json("license_key", "PUB-DISABLED-1", "name", "pc");
        var first = server.send("POST", ACTIVATE, null, body, "Idempotency-Key", idem);
        ApiServer.requireStatus(server.send("PATCH", "/license_keys/" + first.json().path("license_key_id").asText(),
                server.a.writeKey(), json("disabled", true)), 200);

        var retry = server.send("POST", ACTIVATE, null, body, "Idempotency-Key", idem);
        var fresh = server.send("POST", ACTIVATE, null, body, "Idempotency-Key", unique());

        assertThat(retry.raw()).isEqualTo(first.raw());
        assertThat(fresh.code()).isEqualTo("INACTIVE_LICENSE_KEY");
    }

    @Test
    void a_retried_deactivation_answers_its_empty_success_again() {
        String grant = keyed(server, server.a, "PUB-DEACT-1");
        String instance = server.post(ACTIVATE, null, json("license_key", "PUB-DEACT-1", "name", "pc")).json().path("id").asText();
        var body = json("license_key", "PUB-DEACT-1", "license_key_instance_id", instance);
        String idem = unique();

        var first = server.send("POST", "/licenses/deactivate", null, body, "Idempotency-Key", idem);
        var retry = server.send("POST", "/licenses/deactivate", null, body, "Idempotency-Key", idem);
        var withoutKey = server.post("/licenses/deactivate", null, body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("content-length")).isEqualTo("0");
        assertThat(withoutKey.code()).as("the instance is gone").isEqualTo("LICENSE_KEY_NOT_FOUND");
        assertThat(seatsTaken(server, server.a, grant)).isZero();
    }

    /** Validate changes nothing: the header is accepted and not read, whatever it holds. */
    @Test
    void a_malformed_key_is_refused_by_activate_and_not_read_by_validate() {
        keyed(server, server.a, "PUB-MALFORMED-1");

        var activate = server.send("POST", ACTIVATE, null, json("license_key", "PUB-MALFORMED-1", "name", "pc"),
                "Idempotency-Key", "x".repeat(256));
        var validate = server.send("POST", "/licenses/validate", null, json("license_key", "PUB-MALFORMED-1"),
                "Idempotency-Key", "x".repeat(256));

        assertThat(activate.status()).isEqualTo(400);
        assertThat(activate.json().path("details").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(validate.status()).isEqualTo(200);
        assertThat(validate.json().path("valid").asBoolean()).isTrue();
    }
}
