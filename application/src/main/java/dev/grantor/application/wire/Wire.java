package dev.grantor.application.wire;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.outbox.EventTopics;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Licensing.Activation;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.DeliveryPayload.DeliveredFile;
import dev.grantor.domain.grant.DeliveryPayload.DigitalProductDelivery;
import dev.grantor.domain.grant.DeliveryPayload.Feature;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantState.Failed;
import dev.grantor.domain.grant.GrantState.Revoked;
import dev.grantor.domain.license.LicenseKey;
import dev.grantor.domain.license.LicenseKeyInstance;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorEvent;
import dev.grantor.domain.shared.Metadata;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one rendering of Grantor's wire shapes (shared/spec/http-api.md) as ordered maps of plain JSON
 * values: strings, numbers, booleans, nulls, lists and maps. Timestamps are already strings, so every
 * serializer (the REST adapter's, the outbox's) writes the same bytes for them. Fields that do not apply
 * are present with {@code null}, never left out.
 */
public final class Wire {

    private Wire() {}

    /** ISO-8601 in UTC with milliseconds and {@code Z}, e.g. {@code 2026-11-27T10:15:30.123Z}. */
    public static String timestamp(Instant at) {
        return at == null ? null : GrantorJson.instant(at);
    }

    /** The {@code EntitlementGrant} object, its license key's status read at the view's instant. */
    public static Map<String, Object> grant(GrantView view) {
        return grant(view.grant(), view.licenseKey(), view.readAt());
    }

    public static Map<String, Object> grant(Grant grant, Option<LicenseKey> licenseKey, Instant readAt) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", grant.id().value());
        out.put("brand_id", grant.brandId().value());
        out.put("business_id", grant.businessId().value());
        out.put("customer_id", grant.customerId().value());
        out.put("entitlement_id", grant.entitlementId().value());
        out.put("integration_type", grant.integrationType().wire());
        out.put("status", grant.status().wire());
        out.put("metadata", metadata(grant.metadata()));
        out.put("created_at", timestamp(grant.createdAt()));
        out.put("updated_at", timestamp(grant.updatedAt()));
        out.put("delivered_at", timestamp(grant.deliveredAt().getOrNull()));
        var revocation = grant.revocation();
        out.put("revoked_at", timestamp(revocation.map(Revoked::revokedAt).getOrNull()));
        out.put("revocation_reason", revocation.map(r -> r.reason().wire()).getOrNull());
        var failure = grant.failure();
        out.put("error_code", failure.map(Failed::errorCode).getOrNull());
        out.put("error_message", failure.map(Failed::errorMessage).getOrNull());
        out.put("payment_id", grant.origin().payment().getOrNull());
        out.put("subscription_id", grant.origin().subscription().getOrNull());
        out.put("license_key", licenseKey.filter(k -> grant.licenseKeyId().contains(k.id()))
                .map(k -> licenseKey(k, readAt)).getOrNull());
        var payload = grant.payload().getOrElse(DeliveryPayload.NONE);
        out.put("digital_product_delivery", payload.digitalProductDelivery().map(Wire::digitalProductDelivery).getOrNull());
        out.put("feature", payload.feature().map(Wire::feature).getOrNull());
        out.put("oauth_url", payload.oauth().map(OAuthAccess::url).getOrNull());
        out.put("oauth_expires_at", timestamp(payload.oauth().flatMap(OAuthAccess::expiresAt).getOrNull()));
        return Collections.unmodifiableMap(out);
    }

    /** The grant's {@code license_key} sub-object; {@code status} is derived at {@code readAt}. */
    public static Map<String, Object> licenseKey(LicenseKey key, Instant readAt) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", key.id().value());
        out.put("key", key.value().value());
        out.put("status", key.statusAt(readAt).wire());
        out.put("activations_used", key.activationsUsed());
        out.put("activations_limit", key.activationsLimit().map(ActivationsLimit::value).getOrNull());
        out.put("expires_at", timestamp(key.expiresAt().getOrNull()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The data of a {@code license_key.created} event, in the shape of Dodo's {@code LicenseKey} (so the
     * official SDKs' webhook types read it: {@code product_id} is the entitlement, {@code instances_count}
     * the activations), plus the sub-object's fields and {@code grant_id}, which tie the key to its grant
     * without another call.
     */
    public static Map<String, Object> licenseKeyEventData(LicenseKey key, Grant grant, Instant readAt) {
        return licenseKeyObject(key, grant.brandId(), Option.some(grant), readAt);
    }

    /**
     * Dodo's {@code LicenseKey} object (the {@code /license_keys} endpoints and the key events), with
     * Grantor's {@code grant_id}, {@code entitlement_id} and {@code activations_used} beside it. A key
     * imported without a grant carries its business's default brand and no payment or subscription.
     */
    public static Map<String, Object> licenseKeyObject(LicenseKey key, BrandId brandId, Option<Grant> grant, Instant readAt) {
        var out = new LinkedHashMap<String, Object>(licenseKey(key, readAt));
        out.put("business_id", key.businessId().value());
        out.put("brand_id", brandId.value());
        out.put("grant_id", key.grantId().map(GrantId::value).getOrNull());
        out.put("customer_id", key.customerId().value());
        out.put("entitlement_id", key.entitlementId().value());
        out.put("product_id", key.entitlementId().value());
        out.put("instances_count", key.activationsUsed());
        out.put("payment_id", grant.flatMap(g -> g.origin().payment()).getOrNull());
        out.put("subscription_id", grant.flatMap(g -> g.origin().subscription()).getOrNull());
        out.put("source", key.source().wire());
        out.put("created_at", timestamp(key.createdAt()));
        return Collections.unmodifiableMap(out);
    }

    /** The data of {@code license_key.rotated}: the key with its new value, and of the old one only its suffix. */
    public static Map<String, Object> licenseKeyRotatedData(LicenseKey key, String previousKeySuffix, BrandId brandId,
                                                            Option<Grant> grant, Instant readAt) {
        var out = new LinkedHashMap<String, Object>(licenseKeyObject(key, brandId, grant, readAt));
        out.put("previous_key_suffix", previousKeySuffix);
        return Collections.unmodifiableMap(out);
    }

    /** Dodo's {@code LicenseKeyInstance} object. */
    public static Map<String, Object> licenseKeyInstance(LicenseKey key, LicenseKeyInstance instance) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", instance.id().value());
        out.put("business_id", key.businessId().value());
        out.put("license_key_id", key.id().value());
        out.put("name", instance.name());
        out.put("created_at", timestamp(instance.createdAt()));
        return Collections.unmodifiableMap(out);
    }

    /** The {@code Entitlement} object, {@code integration_config} in its type's wire form. */
    public static Map<String, Object> entitlement(Entitlement entitlement) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", entitlement.id().value());
        out.put("business_id", entitlement.businessId().value());
        out.put("name", entitlement.name());
        out.put("description", entitlement.details().description().getOrNull());
        out.put("integration_type", entitlement.integrationType().wire());
        out.put("integration_config", Collections.unmodifiableMap(IntegrationConfigFields.write(entitlement.config())));
        out.put("metadata", metadata(entitlement.metadata()));
        out.put("is_active", entitlement.isActive());
        out.put("created_at", timestamp(entitlement.createdAt()));
        out.put("updated_at", timestamp(entitlement.updatedAt()));
        return Collections.unmodifiableMap(out);
    }

    /** The response of {@code POST /licenses/activate}; {@code product} is the grant's entitlement. */
    public static Map<String, Object> activation(Activation activation) {
        var customer = new LinkedHashMap<String, Object>();
        customer.put("customer_id", activation.customer().id().value());
        customer.put("email", activation.customer().email().value());
        customer.put("name", activation.customer().name().map(n -> n.value()).getOrNull());
        var product = new LinkedHashMap<String, Object>();
        product.put("product_id", activation.entitlement().id().value());
        product.put("name", activation.entitlement().name());
        var out = new LinkedHashMap<String, Object>();
        out.put("id", activation.instance().id().value());
        out.put("business_id", activation.licenseKey().businessId().value());
        out.put("created_at", timestamp(activation.instance().createdAt()));
        out.put("customer", Collections.unmodifiableMap(customer));
        out.put("license_key_id", activation.licenseKey().id().value());
        out.put("name", activation.instance().name());
        out.put("product", Collections.unmodifiableMap(product));
        return Collections.unmodifiableMap(out);
    }

    /** The event envelope {@code {business_id, type, timestamp, data}}. */
    public static Map<String, Object> envelope(GrantorEvent event, Map<String, Object> data) {
        var out = new LinkedHashMap<String, Object>();
        out.put("business_id", event.businessId().value());
        out.put("type", EventTopics.of(event));
        out.put("timestamp", timestamp(event.occurredAt()));
        out.put("data", data);
        return Collections.unmodifiableMap(out);
    }

    /** {@code {"items": [...]}}, the shape of every list response. */
    public static Map<String, Object> items(java.util.List<Map<String, Object>> items) {
        var out = new LinkedHashMap<String, Object>();
        out.put("items", java.util.List.copyOf(items));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Metadata from plain JSON values, the one reading for every endpoint that takes it: absent is empty;
     * a value that is not a string, number or boolean is {@code INVALID_REQUEST}; the rest is for
     * {@link Metadata#parse} to judge. {@code field} is where the caller found it, for the problem's path.
     */
    public static Either<GrantorError, Metadata> metadata(String field, Map<String, Object> values) {
        if (values == null) {
            return Either.right(Metadata.EMPTY);
        }
        var entries = io.vavr.collection.LinkedHashMap.<String, Metadata.Value>empty();
        for (var entry : values.entrySet()) {
            Metadata.Value value = switch (entry.getValue()) {
                case String s -> new Metadata.Text(s);
                case Boolean b -> new Metadata.Flag(b);
                case java.math.BigDecimal d -> new Metadata.Number(d);
                case java.math.BigInteger i -> new Metadata.Number(new java.math.BigDecimal(i));
                case Long l -> new Metadata.Number(java.math.BigDecimal.valueOf(l));
                case Integer i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Short i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Byte i -> new Metadata.Number(java.math.BigDecimal.valueOf(i));
                case Double d when Double.isFinite(d) -> new Metadata.Number(java.math.BigDecimal.valueOf(d));
                case Float f when Float.isFinite(f) -> new Metadata.Number(new java.math.BigDecimal(Float.toString(f)));
                case null, default -> null;
            };
            if (value == null) {
                return Either.left(InvalidRequest.of(field + "." + entry.getKey(), "must be a string, number or boolean"));
            }
            entries = entries.put(entry.getKey(), value);
        }
        return Metadata.parse(field, entries);
    }

    public static Map<String, Object> metadata(Metadata metadata) {
        var out = new LinkedHashMap<String, Object>();
        for (var entry : metadata.entries()) {
            out.put(entry._1, switch (entry._2) {
                case Metadata.Text t -> t.value();
                case Metadata.Number n -> n.value();
                case Metadata.Flag f -> f.value();
            });
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> digitalProductDelivery(DigitalProductDelivery delivery) {
        var files = new ArrayList<Map<String, Object>>();
        for (DeliveredFile file : delivery.files()) {
            var f = new LinkedHashMap<String, Object>();
            f.put("file_id", file.fileId());
            f.put("filename", file.filename());
            f.put("download_url", file.downloadUrl());
            f.put("expires_in", file.expiresIn().getOrNull());
            f.put("content_type", file.contentType().getOrNull());
            f.put("file_size", file.fileSize().getOrNull());
            files.add(Collections.unmodifiableMap(f));
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("files", java.util.List.copyOf(files));
        out.put("external_url", delivery.externalUrl().getOrNull());
        out.put("instructions", delivery.instructions().getOrNull());
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> feature(Feature feature) {
        var out = new LinkedHashMap<String, Object>();
        out.put("feature_id", feature.featureId());
        out.put("feature_type", feature.featureType());
        return Collections.unmodifiableMap(out);
    }
}
