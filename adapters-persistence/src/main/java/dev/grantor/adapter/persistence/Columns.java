package dev.grantor.adapter.persistence;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.view.DeliveryPayloadView;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** How domain values sit in columns, both ways, the same on both databases. */
final class Columns {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Columns() {}

    /** The names in a statement's column list ({@code "id, business_id, ..."}), in order. */
    static List<String> names(String columnList) {
        return List.of(columnList.split(",")).map(String::strip);
    }

    // ---- instants: nanoseconds since the epoch, exact (1677 to 2262) ----------------------------------

    static long nanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException outOfRange) {
            throw new IllegalArgumentException("instant " + instant + " is outside the storable range 1677..2262", outOfRange);
        }
    }

    /**
     * An instant a query compares stored instants with: a caller's filter may name any year, and beyond the storable
     * range the range's end compares with every stored instant as the instant itself would.
     */
    static long bound(Instant instant) {
        try {
            return nanos(instant);
        } catch (IllegalArgumentException beyondTheRange) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
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

    // ---- metadata: the same members as on the wire, through the codec's one mapping ------------------------

    static String metadata(Metadata metadata) {
        return GrantorJson.write(metadata);
    }

    /**
     * A number is read back from its exact text, so {@code 1.50} keeps its scale and {@code 1E+400} its size; input
     * rules are not applied again, so metadata stored before a rule was added still loads.
     */
    static Metadata metadata(String json) {
        return GrantorJson.read(json, Metadata.class);
    }

    // ---- integration config: its wire form, read back through the domain's own reader --------------------

    static String config(IntegrationConfig config) {
        return GrantorJson.write(IntegrationConfigFields.write(config));
    }

    static IntegrationConfig config(IntegrationType type, String json) {
        return IntegrationConfigFields.read(type, jsonObject(json))
                .getOrElseThrow(problem -> new IllegalStateException("stored integration config no longer reads: " + problem));
    }

    // ---- delivery payload: the grant's digital delivery and feature as on the wire, the OAuth link as one member ----

    static String payload(DeliveryPayload payload) {
        return GrantorJson.write(DeliveryPayloadView.of(payload));
    }

    static DeliveryPayload payload(String json) {
        return GrantorJson.read(json, DeliveryPayloadView.class).payload();
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

    /** An object whose members are open-ended: integration config (its type's own form) and webhook headers. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String json) {
        if (!(GrantorJson.read(json) instanceof Map<?, ?> object)) {
            throw new IllegalStateException("stored JSON is not an object");
        }
        return (Map<String, Object>) object;
    }
}
