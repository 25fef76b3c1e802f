package dev.grantor.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.application.json.GrantorJson;

/**
 * Request bodies in as trees, responses out as text, both through the product's one JSON configuration
 * ({@link GrantorJson}), so an answer and the webhook about the same change carry the same bytes.
 */
final class WireJson {

    private WireJson() {}

    static String write(Object body) {
        return GrantorJson.write(body);
    }

    /** The parsed document, or null when the bytes are not one JSON value. */
    static JsonNode read(byte[] body) {
        try {
            return GrantorJson.tree(body);
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    /** A JSON value as plain Java: String, Long/BigInteger, BigDecimal, Boolean, List, Map, or null. */
    static Object plain(JsonNode node) {
        return GrantorJson.plain(node);
    }
}
