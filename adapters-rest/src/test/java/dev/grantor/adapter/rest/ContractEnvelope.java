package dev.grantor.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.application.HttpAnswer;
import java.io.IOException;

/** The contract's {@code {code, message}} error envelope in an answer read off the wire. */
final class ContractEnvelope {

    private ContractEnvelope() {}

    /** The answer's body as the envelope, or an AssertionError naming what came instead. */
    static JsonNode of(HttpAnswer answer) {
        if (!answer.contentType().startsWith("application/json")) {
            throw new AssertionError("not JSON (" + answer.contentType() + "): " + answer.status() + " " + answer.body());
        }
        try {
            JsonNode json = ApiServer.JSON.readTree(answer.body());
            if (!json.path("code").isTextual() || !json.path("message").isTextual()) {
                throw new AssertionError("no {code, message}: " + answer.body());
            }
            return json;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }
}
