package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A HEAD request is answered as its GET would be, without the body (RFC 9110, 9.3.2): the same status and headers, after
 * the same key check and limits. A load balancer probing {@code HEAD /ready} must see the database go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadRequestsOverHttpTest {

    private final ApiServer server = new ApiServer();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void head_ready_answers_503_while_the_check_fails() {
        server.ready.set(false);
        try {
            assertThat(server.send("HEAD", "/ready", null, null).status()).isEqualTo(503);
        } finally {
            server.ready.set(true);
        }
        assertThat(server.send("HEAD", "/ready", null, null).status()).isEqualTo(200);
    }

    @Test
    void head_on_a_merchant_route_needs_the_key_and_finds_only_the_keys_business() {
        var entitlement = server.post("/entitlements", server.a.writeKey(), Map.of("name", "Pro", "integration_type", "github",
                "integration_config", Map.of("target_id", "1", "permission", "pull"))).json().path("id").asText();
        String path = "/entitlements/" + entitlement;

        var withoutKey = server.send("HEAD", path, null, null);
        assertThat(withoutKey.status()).isEqualTo(401);
        assertThat(withoutKey.header("www-authenticate")).isEqualTo("Bearer");
        assertThat(server.send("HEAD", path, server.b.writeKey(), null).status()).as("another business's id").isEqualTo(404);

        var get = server.get(path, server.a.readKey());
        var head = server.send("HEAD", path, server.a.readKey(), null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();
        assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
        assertThat(head.header("content-length")).isEqualTo(get.header("content-length"));
    }
}
