package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.KeyPoolManagement.ChangePool;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.ImportReport;
import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.application.wire.Wire;
import dev.grantor.domain.pool.PooledKey;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grantor's key pools under {@code /entitlements/{id}/key-pool}. An import body is JSON
 * ({@code {keys: [...]}}), {@code text/plain} (one key per line) or {@code text/csv}; a bad element of the JSON
 * list is that line's problem, as a bad row of a file is. Pooled keys are shown by their last four characters.
 */
final class KeyPoolRoutes {

    private final KeyPoolManagement pools;

    KeyPoolRoutes(KeyPoolManagement pools) {
        this.pools = pools;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/entitlements/{id}/key-pool", MERCHANT_WRITE, this::open),
                Route.get("/entitlements/{id}/key-pool", MERCHANT_READ, this::get),
                Route.patch("/entitlements/{id}/key-pool", MERCHANT_WRITE, this::change),
                Route.postKeyFile("/entitlements/{id}/key-pool/keys", MERCHANT_WRITE, this::importKeys),
                Route.get("/entitlements/{id}/key-pool/keys", MERCHANT_READ, this::keys),
                Route.post("/entitlements/{id}/key-pool/keys/{key_id}/void", MERCHANT_WRITE, this::voidKey));
    }

    /** The body is optional: without one the pool gets the default threshold. */
    private Reply open(Call call) {
        Either<GrantorError, OpenPool> command = call.body().length == 0 ? Either.right(new OpenPool(null))
                : call.fields().flatMap(body -> body.result(new OpenPool(body.optionalInteger("low_stock_threshold"))));
        return Replies.with(201, command.flatMap(open -> pools.open(call.business(), call.path("id"), open)).map(KeyPoolRoutes::wire));
    }

    private Reply get(Call call) {
        return Replies.ok(pools.get(call.business(), call.path("id")).map(KeyPoolRoutes::wire));
    }

    private Reply change(Call call) {
        var command = call.fields().flatMap(body -> {
            if (!body.has("low_stock_threshold") || body.isNull("low_stock_threshold")) {
                return Either.left(InvalidRequest.of("low_stock_threshold", "is required"));
            }
            return body.result(new ChangePool(body.optionalInteger("low_stock_threshold")));
        });
        if (command.isLeft()) {
            var known = pools.get(call.business(), call.path("id"));
            return ErrorReplies.of(known.isLeft() ? known.getLeft() : command.getLeft());
        }
        return Replies.ok(pools.change(call.business(), call.path("id"), command.get()).map(KeyPoolRoutes::wire));
    }

    private Reply importKeys(Call call) {
        var known = pools.get(call.business(), call.path("id"));
        if (known.isLeft()) {
            return ErrorReplies.of(known.getLeft());
        }
        Either<GrantorError, ImportReport> report = switch (call.mediaType()) {
            case "text/plain" -> pools.importFile(call.business(), call.path("id"), KeyFileFormat.TEXT, call.body());
            case "text/csv" -> pools.importFile(call.business(), call.path("id"), KeyFileFormat.CSV, call.body());
            default -> jsonLines(call.body()).flatMap(lines -> pools.importKeys(call.business(), call.path("id"),
                    new ImportKeys(lines)));
        };
        return Replies.ok(report.map(KeyPoolRoutes::wire));
    }

    private Reply keys(Call call) {
        var query = call.queryInteger("page_size").flatMap(size -> call.queryInteger("page_number")
                .map(number -> new ListPooledKeys(size, number, call.query("status"))));
        return Replies.ok(query.flatMap(q -> pools.keys(call.business(), call.path("id"), q))
                .<Map<String, Object>>map(keys -> Wire.items(keys.map(KeyPoolRoutes::wire).toJavaList())));
    }

    private Reply voidKey(Call call) {
        return Replies.ok(pools.voidKey(call.business(), call.path("id"), call.path("key_id")).map(KeyPoolRoutes::wire));
    }

    // ---- the JSON list --------------------------------------------------------------------------------

    /** {@code {keys: [{key, activations_limit?, expires_at?}]}}: each element's problems stay with its line. */
    static Either<GrantorError, List<KeyLine>> jsonLines(byte[] body) {
        if (body.length == 0) {
            return Either.left(new InvalidRequest("the request body must be a JSON object", List.empty()));
        }
        JsonNode root = WireJson.read(body);
        if (root == null) {
            return Either.left(new InvalidRequest("the request body is not valid JSON", List.empty()));
        }
        if (!(root instanceof ObjectNode object)) {
            return Either.left(new InvalidRequest("the request body must be a JSON object", List.empty()));
        }
        if (!(object.get("keys") instanceof ArrayNode array)) {
            return Either.left(InvalidRequest.of("keys", object.hasNonNull("keys") ? "must be an array" : "is required"));
        }
        if (array.size() > KeyPoolManagement.MAX_KEYS_PER_IMPORT) {
            return Either.left(GrantorError.ValidationFailed.of("keys",
                    "must hold at most " + KeyPoolManagement.MAX_KEYS_PER_IMPORT + " keys per import"));
        }
        var lines = new java.util.ArrayList<KeyLine>(array.size());
        for (int i = 0; i < array.size(); i++) {
            lines.add(line(i + 1, array.get(i)));
        }
        return Either.right(List.ofAll(lines));
    }

    private static KeyLine line(int number, JsonNode element) {
        if (!(element instanceof ObjectNode entry)) {
            return new KeyLine(number, null, null, null, "must be an object with a key");
        }
        JsonNode key = entry.get("key");
        if (key == null || key.isNull()) {
            return new KeyLine(number, null, null, null, "key is required");
        }
        if (!key.isTextual()) {
            return new KeyLine(number, null, null, null, "key must be a string");
        }
        JsonNode limit = entry.get("activations_limit");
        Long activationsLimit = null;
        if (limit != null && !limit.isNull()) {
            if (!limit.isIntegralNumber() || !limit.canConvertToLong()) {
                return new KeyLine(number, key.textValue(), null, null, "activations_limit must be an integer");
            }
            activationsLimit = limit.longValue();
        }
        JsonNode expiry = entry.get("expires_at");
        OffsetDateTime expiresAt = null;
        if (expiry != null && !expiry.isNull()) {
            try {
                expiresAt = OffsetDateTime.parse(expiry.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                return new KeyLine(number, key.textValue(), activationsLimit, null,
                        "expires_at must be an ISO-8601 timestamp with an offset, such as 2027-01-01T00:00:00Z");
            }
            if (!expiry.isTextual()) {
                return new KeyLine(number, key.textValue(), activationsLimit, null, "expires_at must be a string");
            }
        }
        return KeyLine.of(number, key.textValue(), activationsLimit, expiresAt);
    }

    // ---- shapes -----------------------------------------------------------------------------------------

    static Map<String, Object> wire(PoolView view) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", view.pool().id().value());
        out.put("entitlement_id", view.pool().entitlementId().value());
        out.put("available", view.available());
        out.put("assigned", view.assigned());
        out.put("voided", view.voided());
        out.put("low_stock_threshold", view.pool().lowStockThreshold());
        out.put("waiting_grants", view.waitingGrants());
        out.put("created_at", Wire.timestamp(view.pool().createdAt()));
        return out;
    }

    /** Never the value itself: its last four characters tell keys apart in a list a screen or a log may show. */
    static Map<String, Object> wire(PooledKey key) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", key.id().value());
        out.put("status", key.status().wire());
        out.put("key_suffix", key.value().suffix());
        out.put("grant_id", key.grantId().map(GrantId::value).getOrNull());
        out.put("created_at", Wire.timestamp(key.createdAt()));
        out.put("assigned_at", key.assignedAt().map(Wire::timestamp).getOrNull());
        out.put("voided_at", key.voidedAt().map(Wire::timestamp).getOrNull());
        return out;
    }

    static Map<String, Object> wire(ImportReport report) {
        var out = new LinkedHashMap<String, Object>();
        out.put("imported", report.imported());
        out.put("duplicates", report.duplicates());
        out.put("invalid", report.invalid());
        out.put("fulfilled_grants", report.fulfilledGrants());
        out.put("results", report.results().map(result -> {
            var line = new LinkedHashMap<String, Object>();
            line.put("line", result.line());
            line.put("status", result.status().wire());
            result.error().forEach(error -> line.put("error", error));
            return (Map<String, Object>) line;
        }).toJavaList());
        return out;
    }
}
