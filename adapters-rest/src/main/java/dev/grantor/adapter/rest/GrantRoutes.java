package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.application.port.in.GrantFulfillment.ReportFailure;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.view.CustomerEntitlementView;
import dev.grantor.application.view.EntitlementGrantView;
import dev.grantor.application.view.Listing;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;

/** Grants: issuing, the fulfillment work list, manual key fulfillment, host-reported outcomes, revocation. */
final class GrantRoutes {

    private final EntitlementCatalog entitlements;
    private final GrantIssuing issuing;
    private final GrantFulfillment fulfillment;
    private final GrantQueries queries;

    GrantRoutes(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment, GrantQueries queries) {
        this.entitlements = entitlements;
        this.issuing = issuing;
        this.fulfillment = fulfillment;
        this.queries = queries;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/entitlements/{id}/grants", MERCHANT_READ, this::listForEntitlement),
                Route.post("/entitlements/{id}/grants", MERCHANT_WRITE, this::issue),
                Route.delete("/entitlements/{id}/grants/{grant_id}", MERCHANT_WRITE, this::revoke),
                Route.get("/grants", MERCHANT_READ, this::list),
                Route.get("/grants/{grant_id}", MERCHANT_READ, this::get),
                Route.post("/grants/{grant_id}/license-key", MERCHANT_WRITE, this::fulfill),
                Route.post("/grants/{grant_id}/delivery", MERCHANT_WRITE, this::reportDelivery),
                Route.post("/grants/{grant_id}/failure", MERCHANT_WRITE, this::reportFailure),
                Route.get("/customers/{customer_id}/entitlement-grants", MERCHANT_READ, this::listForCustomer),
                Route.get("/customers/{customer_id}/entitlements", MERCHANT_READ, this::entitlementsOfCustomer));
    }

    private Reply listForEntitlement(Call call) {
        return items(listQuery(call, call.query("integration_type"), null)
                .flatMap(query -> queries.listForEntitlement(call.business(), call.path("id"), query)));
    }

    private Reply list(Call call) {
        return items(listQuery(call, call.query("integration_type"), call.query("entitlement_id"))
                .flatMap(query -> queries.list(call.business(), query)));
    }

    private Reply listForCustomer(Call call) {
        return items(listQuery(call, call.query("integration_type"), null)
                .flatMap(query -> queries.listForCustomer(call.business(), call.path("customer_id"), query)));
    }

    private Reply entitlementsOfCustomer(Call call) {
        return Replies.ok(queries.entitlementsOf(call.business(), call.path("customer_id"))
                .map(found -> Listing.of(found, CustomerEntitlementView::of)));
    }

        private Reply get(Call call) {
        return Replies.ok(queries.get(call.business(), call.path("grant_id")).map(EntitlementGrantView::of));
    }

    /** 201 for a grant issued now, 200 for the one an earlier identical purchase already issued. */
    private Reply issue(Call call) {
        var command = call.fields()
                .flatMap(body -> {
                    var customer = body.requiredNested("customer");
                    return body.result(new IssueGrant(
                            customer == null ? null : new CustomerContact(customer.optionalString("customer_id"),
                                    customer.requiredString("email"), customer.optionalString("name")),
                            body.optionalString("payment_id"), body.optionalString("subscription_id"),
                            body.optionalObject("metadata")));
                });
        return knownEntitlementFirst(call, command)
                .flatMap(issue -> issuing.issue(call.business(), call.path("id"), issue, call.actor()))
                .fold(ErrorReplies::of, issued -> Reply.json(issued.created() ? 201 : 200, EntitlementGrantView.of(issued.grant())));
    }

    private Reply revoke(Call call) {
        return grant(fulfillment.revoke(call.business(), call.path("grant_id"), new RevokeGrant(call.path("id"), "manual")));
    }

    private Reply fulfill(Call call) {
        var command = call.fields().flatMap(body -> body.result(new FulfillLicenseKey(body.requiredString("key"),
                body.optionalInteger("activations_limit"), body.optionalTimestamp("expires_at"))));
        return grant(knownGrantFirst(call, command)
                .flatMap(fulfill -> fulfillment.fulfillLicenseKey(call.business(), call.path("grant_id"), fulfill)));
    }

    private Reply reportDelivery(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ReportDelivery(digitalProductDelivery(body),
                body.optionalString("oauth_url"), body.optionalTimestamp("oauth_expires_at"), feature(body))));
        return grant(knownGrantFirst(call, command)
                .flatMap(delivery -> fulfillment.reportDelivery(call.business(), call.path("grant_id"), delivery)));
    }

    private Reply reportFailure(Call call) {
        var command = call.fields().flatMap(body -> body.result(new ReportFailure(body.requiredString("error_code"),
                body.requiredString("error_message"))));
        return grant(knownGrantFirst(call, command)
                .flatMap(failure -> fulfillment.reportFailure(call.business(), call.path("grant_id"), failure)));
    }

    /** The JSON types of the reported payload; what the values may be is the use case's to judge. */
    private static GrantFulfillment.DigitalProductDelivery digitalProductDelivery(BodyFields body) {
        var delivery = body.optionalNested("digital_product_delivery");
        if (delivery == null) {
            return null;
        }
        var files = delivery.optionalObjects("files");
        return new GrantFulfillment.DigitalProductDelivery(files == null ? null : files.stream()
                .map(file -> new GrantFulfillment.DeliveredFile(file.optionalString("file_id"), file.optionalString("filename"),
                        file.optionalString("download_url"), file.optionalWholeNumber("expires_in"),
                        file.optionalString("content_type"), file.optionalWholeNumber("file_size")))
                .toList(), delivery.optionalString("external_url"), delivery.optionalString("instructions"));
    }

    private static GrantFulfillment.Feature feature(BodyFields body) {
        var feature = body.optionalNested("feature");
        return feature == null ? null
                : new GrantFulfillment.Feature(feature.optionalString("feature_id"), feature.optionalString("feature_type"));
    }

    /**
     * The fulfillment rules check that the grant exists (404) before the body (400, 422). The use case
     * takes a parsed command, so when the body cannot become one, the grant is looked up here first.
     */
    private <T> Either<GrantorError, T> knownGrantFirst(Call call, Either<GrantorError, T> command) {
        return lookedUpFirst(command, () -> queries.get(call.business(), call.path("grant_id")));
    }

    /** Issuing answers an unknown or deleted entitlement before the command's values, so the body's shape waits too. */
    private <T> Either<GrantorError, T> knownEntitlementFirst(Call call, Either<GrantorError, T> command) {
        return lookedUpFirst(command, () -> entitlements.get(call.business(), call.path("id")));
    }

    /** A command that could not be parsed answers the lookup's refusal, if it has one, before its own. */
    private static <T> Either<GrantorError, T> lookedUpFirst(Either<GrantorError, T> command,
                                                            java.util.function.Supplier<? extends Either<GrantorError, ?>> lookup) {
        return command.isRight() ? command : lookup.get().flatMap(known -> command);
    }

    private static Either<GrantorError, ListGrants> listQuery(Call call, String integrationType, String entitlementId) {
        return call.queryInteger("page_size")
                .flatMap(size -> call.queryInteger("page_number")
                        .map(number -> new ListGrants(size, number, call.query("status"), integrationType,
                                call.query("customer_id"), entitlementId)));
    }

    private static Reply grant(Either<GrantorError, GrantView> result) {
        return Replies.ok(result.map(EntitlementGrantView::of));
    }

    private static Reply items(Either<GrantorError, List<GrantView>> result) {
        return Replies.ok(result.map(views -> Listing.of(views, EntitlementGrantView::of)));
    }
}
