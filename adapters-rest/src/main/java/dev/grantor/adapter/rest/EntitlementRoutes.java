package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.EntitlementCatalog.ListEntitlements;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.view.EntitlementView;
import dev.grantor.application.view.Listing;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Map;

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

    /**
     * The integration config is read here, against the integration type beside it, into the typed config the catalog
     * takes: the wire's names and JSON types are this edge's business, the values' rules the reader's.
     */
    private Reply create(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> body.result(new CreateFields(
                        body.requiredString("name"), body.requiredString("integration_type"),
                        body.requiredObject("integration_config"), body.optionalString("description"),
                        body.optionalObject("metadata"))))
                .flatMap(fields -> IntegrationType.parse(fields.integrationType()).mapLeft(problem -> problem.at("integration_type"))
                        .flatMap(type -> IntegrationConfigFields.read(type, fields.integrationConfig()))
                        .map(config -> new CreateEntitlement(fields.name(), config, fields.description(), fields.metadata())))
                .flatMap(command -> catalog.create(call.business(), command))
                .map(EntitlementView::of));
    }

    /** A create request's fields as the body gives them, the config still in its wire form. */
    private record CreateFields(String name, String integrationType, Map<String, Object> integrationConfig, String description,
                                Map<String, Object> metadata) {}

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
     * An {@code integration_type} may be sent only if it is the current one: the type cannot change. An
     * {@code integration_config} is read against the current type, so either needs the entitlement first.
     */
    private Reply update(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> body.result(new UpdateFields(body.optionalString("integration_type"),
                        body.optionalString("name"), body.optionalString("description"), body.isNull("description"),
                        body.optionalObject("integration_config"), body.optionalObject("metadata"))))
                .flatMap(fields -> config(call, fields)
                        .map(config -> new UpdateEntitlement(fields.name(), fields.description(), fields.clearDescription(),
                                config.getOrNull(), fields.metadata())))
                .flatMap(command -> catalog.update(call.business(), call.path("id"), command))
                .map(EntitlementView::of));
    }

    /** An update request's fields as the body gives them, the config still in its wire form. */
    private record UpdateFields(String integrationType, String name, String description, boolean clearDescription,
                                Map<String, Object> integrationConfig, Map<String, Object> metadata) {}

    private Either<GrantorError, Option<IntegrationConfig>> config(Call call, UpdateFields fields) {
        if (fields.integrationType() == null && fields.integrationConfig() == null) {
            return Either.right(Option.none());
        }
        return catalog.get(call.business(), call.path("id"))
                .filterOrElse(current -> fields.integrationType() == null || current.integrationType().wire().equals(fields.integrationType()),
                        current -> ValidationFailed.of("integration_type", "cannot change from " + current.integrationType().wire()))
                .flatMap(current -> fields.integrationConfig() == null ? Either.right(Option.<IntegrationConfig>none())
                        : IntegrationConfigFields.read(current.integrationType(), fields.integrationConfig()).map(Option::some));
    }

    private Reply delete(Call call) {
        return catalog.delete(call.business(), call.path("id")).fold(ErrorReplies::of, deleted -> Reply.empty());
    }
}
