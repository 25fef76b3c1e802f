package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /grants/{grant_id}/resend}: the delivery email again, through the outbox, once per grant per 10 minutes. */
class ResendOverHttpTest {

    private final ApiServer server = new ApiServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private String delivered(ApiServer.Tenant tenant, String email) {
        String grant = server.issue(tenant, server.manualEntitlement(tenant), email).path("id").asText();
        server.fulfill(tenant, grant, "KEY-" + grant);
        return grant;
    }

    @Test
    void a_delivered_grant_gets_a_new_email_queued_and_the_answer_says_which_and_who_asked() {
        String grant = delivered(server.a, "lost@example.com");

        var answer = ApiServer.requireStatus(server.post("/grants/" + grant + "/resend", server.a.writeKey(), null), 202);

        var fields = new ArrayList<String>();
        answer.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("grant_id", "outbox_message_id", "requested_by", "requested_at");
        assertThat(answer.json().path("grant_id").asText()).isEqualTo(grant);
        assertThat(answer.json().path("requested_by").asText()).startsWith("api_key:key_");
        assertThat(answer.json().path("requested_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        String messageId = answer.json().path("outbox_message_id").asText();
        var queued = server.store.outboxMessages().filter(m -> m.kind() == Kind.EMAIL && m.id().equals(messageId)).single();
        var email = DeliveryEmailPayload.decode(queued.id(), queued.payload());
        assertThat(email.grantId().value()).isEqualTo(grant);
        assertThat(email.resent()).isTrue();
        assertThat(email.key().value()).isEqualTo("KEY-" + grant);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_replays_the_answer_instead_of_being_rate_limited() {
        String grant = delivered(server.a, "retry@example.com");

        var first = server.send("POST", "/grants/" + grant + "/resend", server.a.writeKey(), null, "Idempotency-Key", "resend-1");
        var again = server.send("POST", "/grants/" + grant + "/resend", server.a.writeKey(), null, "Idempotency-Key", "resend-1");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.raw()).isEqualTo(first.raw());
        assertThat(server.store.outboxMessages().filter(m -> m.kind() == Kind.EMAIL)).hasSize(2);
    }

    @Test
    void another_business_grant_an_unknown_id_and_a_read_only_key_are_refused() {
        String grant = delivered(server.a, "mine@example.com");

        assertThat(server.post("/grants/" + grant + "/resend", server.b.writeKey(), null).status()).isEqualTo(404);
        assertThat(server.post("/grants/entg_unknown/resend", server.a.writeKey(), null).status()).isEqualTo(404);
        assertThat(server.post("/grants/" + grant + "/resend", server.a.readKey(), null).status()).isEqualTo(403);
        assertThat(server.post("/grants/" + grant + "/resend", null, null).status()).isEqualTo(401);
        assertThat(server.store.outboxMessages().filter(m -> m.kind() == Kind.EMAIL)).hasSize(1);
    }
}
