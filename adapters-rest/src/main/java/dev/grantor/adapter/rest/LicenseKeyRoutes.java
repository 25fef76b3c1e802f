package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.LicenseKeyManagement.ImportLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.KeyView;
import dev.grantor.application.port.in.LicenseKeyManagement.ListInstances;
import dev.grantor.application.port.in.LicenseKeyManagement.ListLicenseKeys;
import dev.grantor.application.port.in.LicenseKeyManagement.RenameInstance;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.view.LicenseKeyInstanceView;
import dev.grantor.application.view.LicenseKeyView;
import dev.grantor.application.view.Listing;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;

/**
 * Dodo's {@code /license_keys} and {@code /license_key_instances}, and Grantor's rotation and instance
 * deletion. Body problems of a change to a key or instance are reported after its id is known to exist
 * (404 first), as the fulfillment rules order them.
 */
final class LicenseKeyRoutes {

    private final LicenseKeyManagement keys;

    LicenseKeyRoutes(LicenseKeyManagement keys) {
        this.keys = keys;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/license_keys", MERCHANT_WRITE, this::importKey),
                Route.get("/license_keys", MERCHANT_READ, this::list),
                Route.get("/license_keys/{id}", MERCHANT_READ, this::get),
                Route.patch("/license_keys/{id}", MERCHANT_WRITE, this::update),
                Route.post("/license_keys/{id}/rotate", MERCHANT_WRITE, this::rotate),
                Route.get("/license_key_instances", MERCHANT_READ, this::listInstances),
                Route.get("/license_key_instances/{id}", MERCHANT_READ, this::getInstance),
                Route.patch("/license_key_instances/{id}", MERCHANT_WRITE, this::renameInstance),
                Route.delete("/license_key_instances/{id}", MERCHANT_WRITE, this::deleteInstance));
    }

    private Reply importKey(Call call) {
        return key(call.fields()
                .flatMap(body -> body.result(new ImportLicenseKey(body.requiredString("customer_id"), body.requiredString("key"),
                        body.requiredString("product_id"), body.optionalInteger("activations_limit"),
                        body.optionalTimestamp("expires_at"))))
                .flatMap(command -> keys.importKey(call.business(), command)));
    }

    private Reply list(Call call) {
        var query = call.queryInteger("page_size").flatMap(size -> call.queryInteger("page_number").flatMap(number ->
                call.queryTimestamp("created_at_gte").flatMap(from -> call.queryTimestamp("created_at_lte").map(to ->
                        new ListLicenseKeys(size, number, call.query("customer_id"), call.query("product_id"),
                                call.query("source"), call.query("status"), from, to)))));
        return Replies.ok(query.flatMap(q -> keys.list(call.business(), q))
                .map(views -> Listing.of(views, LicenseKeyView::of)));
    }

    private Reply get(Call call) {
        return key(keys.get(call.business(), call.path("id")));
    }

    /** A JSON {@code null} removes the limit or the expiry; an absent field leaves it as it is. */
    private Reply update(Call call) {
        var command = call.fields().flatMap(body -> body.result(new UpdateLicenseKey(body.optionalInteger("activations_limit"),
                body.isNull("activations_limit"), body.optionalBoolean("disabled"), body.optionalTimestamp("expires_at"),
                body.isNull("expires_at"))));
        return key(knownKeyFirst(call, command).flatMap(update -> keys.update(call.business(), call.path("id"), update)));
    }

    /** The body is optional: an auto entitlement's key needs none. */
    private Reply rotate(Call call) {
        Either<GrantorError, RotateLicenseKey> command = call.body().length == 0
                ? Either.right(new RotateLicenseKey(null, null))
                : call.fields().flatMap(body -> body.result(new RotateLicenseKey(body.optionalString("key"),
                        body.optionalBoolean("reset_activations"))));
        return key(knownKeyFirst(call, command)
                .flatMap(rotate -> keys.rotate(call.business(), call.caller().apiKeyId(), call.path("id"), rotate)));
    }

    private Reply listInstances(Call call) {
        var query = call.queryInteger("page_size").flatMap(size -> call.queryInteger("page_number")
                .map(number -> new ListInstances(size, number, call.query("license_key_id"), call.query("grant_id"))));
        return Replies.ok(query.flatMap(q -> keys.instances(call.business(), q))
                .map(held -> Listing.of(held, LicenseKeyInstanceView::of)));
    }

    private Reply getInstance(Call call) {
        return Replies.ok(keys.instance(call.business(), call.path("id")).map(LicenseKeyInstanceView::of));
    }

    private Reply renameInstance(Call call) {
        var command = call.fields().flatMap(body -> body.result(new RenameInstance(body.requiredString("name"))));
        if (command.isLeft()) {
            var known = keys.instance(call.business(), call.path("id"));
            return ErrorReplies.of(known.isLeft() ? known.getLeft() : command.getLeft());
        }
        return Replies.ok(keys.renameInstance(call.business(), call.path("id"), command.get()).map(LicenseKeyInstanceView::of));
    }

    private Reply deleteInstance(Call call) {
        return keys.deleteInstance(call.business(), call.path("id"))
                .fold(ErrorReplies::of, freed -> new Reply(204, Reply.JSON, ""));
    }

    private <T> Either<GrantorError, T> knownKeyFirst(Call call, Either<GrantorError, T> command) {
        if (command.isRight()) {
            return command;
        }
        return keys.get(call.business(), call.path("id")).flatMap(known -> command);
    }

    private static Reply key(Either<GrantorError, KeyView> result) {
        return Replies.ok(result.map(LicenseKeyView::of));
    }
}
