package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.EntitlementCatalog.ListEntitlements;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.view.EntitlementView;
import dev.grantor.application.view.Listing;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;

/** {@code /entitlements}: the catalog of what purchases deliver. */
final class EntitlementRoutes {

    private final EntitlementCatalog catalog;

    EntitlementRoutes(EntitlementCatalog catalog) {
        this.catalog = catalog;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/entitlements", MERCHANT_WRITE, this::create),
                Route.get("/entitlements", MERCHANT_READ, this::list),
                Route.get("/entitlements/{id}", MERCHANT_READ, this::get),
                Route.patch("/entitlements/{id}", MERCHANT_WRITE, this::update),
                Route.delete("/entitlements/{id}", MERCHANT_WRITE, this::delete));
    }

    private Reply create(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> body.result(new CreateEntitlement(
                        body.requiredString("name"), body.requiredString("integration_type"),
                        body.requiredObject("integration_config"), body.optionalString("description"),
                        body.optionalObject("metadata"))))
                .flatMap(command -> catalog.create(call.business(), command))
                .map(EntitlementView::of));
    }

    private Reply list(Call call) {
        return Replies.ok(call.queryInteger("page_size")
                .flatMap(size -> call.queryInteger("page_number")
                        .map(number -> new ListEntitlements(size, number, call.query("integration_type"))))
                .flatMap(query -> catalog.list(call.business(), query))
                .map(items -> Listing.of(items, EntitlementView::of)));
    }

    private Reply get(Call call) {
        return Replies.ok(catalog.get(call.business(), call.path("id")).map(EntitlementView::of));
    }

    /**
     * Absent and null differ only for {@code description}: null clears it. For the other fields null
     * leaves the value as it is, which is what the official SDKs send for a field the caller did not set.
     * An {@code integration_type} may be sent only if it is the current one: the type cannot change.
     */
    private Reply update(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> {
                    String type = body.optionalString("integration_type");
                    return body.result(new UpdateEntitlement(
                            body.optionalString("name"), body.optionalString("description"), body.isNull("description"),
                            body.optionalObject("integration_config"), body.optionalObject("metadata")))
                            .flatMap(command -> type == null ? Either.right(command) : sameType(call, type).map(same -> command));
                })
                .flatMap(command -> catalog.update(call.business(), call.path("id"), command))
                .map(EntitlementView::of));
    }

    private Either<GrantorError, Entitlement> sameType(Call call, String type) {
        return catalog.get(call.business(), call.path("id"))
                .filterOrElse(current -> current.integrationType().wire().equals(type),
                        current -> ValidationFailed.of("integration_type", "cannot change from " + current.integrationType().wire()));
    }

    private Reply delete(Call call) {
        return catalog.delete(call.business(), call.path("id")).fold(ErrorReplies::of, deleted -> Reply.empty());
    }
}
