package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import dev.grantor.application.view.KeyPoolView;
import dev.grantor.application.view.Listing;
import dev.grantor.application.view.PooledKeyView;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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
        return Replies.with(201, command.flatMap(open -> pools.open(call.business(), call.path("id"), open)).map(KeyPoolView::of));
    }

    private Reply get(Call call) {
        return Replies.ok(pools.get(call.business(), call.path("id")).map(KeyPoolView::of));
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
        return Replies.ok(pools.change(call.business(), call.path("id"), command.get()).map(KeyPoolView::of));
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
        return Replies.ok(report.map(ImportAnswer::of));
    }

    private Reply keys(Call call) {
        var query = call.queryInteger("page_size").flatMap(size -> call.queryInteger("page_number")
                .map(number -> new ListPooledKeys(size, number, call.query("status"))));
        return Replies.ok(query.flatMap(q -> pools.keys(call.business(), call.path("id"), q))
                .map(keys -> Listing.of(keys, PooledKeyView::of)));
    }

    private Reply voidKey(Call call) {
        return Replies.ok(pools.voidKey(call.business(), call.path("id"), call.path("key_id")).map(PooledKeyView::of));
    }

    // ---- the JSON list --------------------------------------------------------------------------------

    /**
     * {@code {keys: [{key, activations_limit?, expires_at?}]}}: each element's problems stay with its line. How many keys
     * one import takes is the use case's rule, the same for a list and a file.
     */
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

    /** An import's answer; a line's {@code error} is left out when the line has none. */
    record ImportAnswer(int imported, int duplicates, int invalid, int fulfilledGrants, java.util.List<Line> results) {

        static ImportAnswer of(ImportReport report) {
            return new ImportAnswer(report.imported(), report.duplicates(), report.invalid(), report.fulfilledGrants(),
                    report.results().map(result -> new Line(result.line(), result.status().wire(), result.error().getOrNull()))
                            .toJavaList());
        }

        record Line(int line, String status, @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}
    }
}
