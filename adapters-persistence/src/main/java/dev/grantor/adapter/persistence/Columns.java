package dev.grantor.adapter.persistence;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.wire.Wire;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.DeliveryPayload.DeliveredFile;
import dev.grantor.domain.grant.DeliveryPayload.DigitalProductDelivery;
import dev.grantor.domain.grant.DeliveryPayload.Feature;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

/** How domain values sit in columns, both ways, the same on both databases. */
final class Columns {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Columns() {}

    // ---- instants: nanoseconds since the epoch, exact (1677 to 2262) ----------------------------------

    static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException outOfRange) {
            throw new IllegalArgumentException("instant " + instant + " is outside the storable range 1677..2262", outOfRange);
        }
    }

    static Long nanos(Option<Instant> instant) {
        return instant.map(Columns::nanos).getOrNull();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getLong(column));
    }

    static Option<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Option.none() : Option.some(instant(value));
    }

    static Option<String> optionalText(ResultSet rs, String column) throws SQLException {
        return Option.of(rs.getString(column));
    }

    static Option<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? Option.none() : Option.some(value);
    }

    // ---- enums by their wire names --------------------------------------------------------------------

    static IntegrationType integrationType(String wire) {
        for (IntegrationType type : IntegrationType.values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        throw new IllegalStateException("unknown stored integration type " + wire);
    }

    // ---- metadata ---------------------------------------------------------------------------------------

    static String metadata(Metadata metadata) {
        return GrantorJson.write(Wire.metadata(metadata));
    }

    /**
     * A number is written as its {@link BigDecimal} text and read back from that exact text, so {@code 1.50}
     * keeps its scale and {@code 1E+400} its size; the codec hands a whole number over as a {@code Long} (or
     * {@code BigInteger} beyond a long), which is the same value at scale 0.
     */
    static Metadata metadata(String json) {
        LinkedHashMap<String, Metadata.Value> entries = LinkedHashMap.empty();
        for (var entry : jsonObject(json).entrySet()) {
            entries = entries.put(entry.getKey(), switch (entry.getValue()) {
                case String s -> new Metadata.Text(s);
                case Long n -> new Metadata.Number(BigDecimal.valueOf(n));
                case java.math.BigInteger n -> new Metadata.Number(new BigDecimal(n));
                case BigDecimal d -> new Metadata.Number(d);
                case Boolean b -> new Metadata.Flag(b);
                case null, default -> throw new IllegalStateException("stored metadata holds a " + entry.getValue());
            });
        }
        return new Metadata(entries);
    }

    // ---- integration config: its wire form, read back through the domain's own reader --------------------

    static String config(IntegrationConfig config) {
        return GrantorJson.write(IntegrationConfigFields.write(config));
    }

    static IntegrationConfig config(IntegrationType type, String json) {
        return IntegrationConfigFields.read(type, jsonObject(json))
                .getOrElseThrow(problem -> new IllegalStateException("stored integration config no longer reads: " + problem));
    }

    // ---- delivery payload ----------------------------------------------------------------------------------

    static String payload(DeliveryPayload payload) {
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("digital_product_delivery", payload.digitalProductDelivery().map(d -> {
            var files = new ArrayList<Object>();
            for (DeliveredFile file : d.files()) {
                var f = new java.util.LinkedHashMap<String, Object>();
                f.put("file_id", file.fileId());
                f.put("filename", file.filename());
                f.put("download_url", file.downloadUrl());
                f.put("expires_in", file.expiresIn().getOrNull());
                f.put("content_type", file.contentType().getOrNull());
                f.put("file_size", file.fileSize().getOrNull());
                files.add(f);
            }
            var delivery = new java.util.LinkedHashMap<String, Object>();
            delivery.put("files", files);
            delivery.put("external_url", d.externalUrl().getOrNull());
            delivery.put("instructions", d.instructions().getOrNull());
            return delivery;
        }).getOrNull());
        out.put("oauth", payload.oauth().map(o -> {
            var oauth = new java.util.LinkedHashMap<String, Object>();
            oauth.put("url", o.url());
            oauth.put("expires_at", o.expiresAt().map(Instant::toString).getOrNull());
            return oauth;
        }).getOrNull());
        out.put("feature", payload.feature().map(f -> {
            var feature = new java.util.LinkedHashMap<String, Object>();
            feature.put("feature_id", f.featureId());
            feature.put("feature_type", f.featureType());
            return feature;
        }).getOrNull());
        return GrantorJson.write(out);
    }

    static DeliveryPayload payload(String json) {
        var in = jsonObject(json);
        Option<DigitalProductDelivery> digital = object(in, "digital_product_delivery").map(d -> {
            var files = List.<DeliveredFile>empty();
            for (Object item : (java.util.List<?>) d.get("files")) {
                @SuppressWarnings("unchecked")
                var f = (Map<String, Object>) item;
                files = files.append(new DeliveredFile((String) f.get("file_id"), (String) f.get("filename"),
                        (String) f.get("download_url"), wholeNumber(f.get("expires_in")), text(f.get("content_type")),
                        wholeNumber(f.get("file_size"))));
            }
            return new DigitalProductDelivery(files, text(d.get("external_url")), text(d.get("instructions")));
        });
        Option<OAuthAccess> oauth = object(in, "oauth").map(o -> new OAuthAccess((String) o.get("url"),
                text(o.get("expires_at")).map(Instant::parse)));
        Option<Feature> feature = object(in, "feature").map(f -> new Feature((String) f.get("feature_id"),
                (String) f.get("feature_type")));
        return new DeliveryPayload(digital, oauth, feature);
    }

    @SuppressWarnings("unchecked")
    private static Option<Map<String, Object>> object(Map<String, Object> in, String field) {
        return Option.of((Map<String, Object>) in.get(field));
    }

    private static Option<String> text(Object value) {
        return Option.of((String) value);
    }

    private static Option<Long> wholeNumber(Object value) {
        return Option.of((Long) value);
    }

    // ---- webhook endpoint filters and headers ----------------------------------------------------------------

    static String texts(List<String> texts) {
        return GrantorJson.write(texts.toJavaList());
    }

    static List<String> texts(String json) {
        if (!(GrantorJson.read(json) instanceof java.util.List<?> items)) {
            throw new IllegalStateException("stored JSON is not an array");
        }
        return List.ofAll(items).map(String.class::cast);
    }

    static String headers(LinkedHashMap<String, String> headers) {
        return GrantorJson.write(headers.toJavaMap(java.util.LinkedHashMap::new, entry -> entry));
    }

    static LinkedHashMap<String, String> headers(String json) {
        return LinkedHashMap.ofAll(jsonObject(json)).mapValues(String.class::cast);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String json) {
        if (!(GrantorJson.read(json) instanceof Map<?, ?> object)) {
            throw new IllegalStateException("stored JSON is not an object");
        }
        return (Map<String, Object>) object;
    }
}
