package dev.grantor.application.wire;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.DigitalFilesConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.DiscordConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureFlagConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureType;
import dev.grantor.domain.entitlement.IntegrationConfig.FigmaConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FramerConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.NotionConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.TelegramConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.entitlement.KeyFormat;
import dev.grantor.domain.entitlement.LicenseDuration;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The wire form of integration configs ({@code snake_case} fields as in the HTTP contract), read from and
 * written to a plain map of JSON values (String, Number, Boolean, List, Map, null). Reading follows the
 * contract's split: missing, null, blank or wrongly typed is {@code INVALID_REQUEST}; present but out of
 * range is {@code VALIDATION_FAILED}. Unknown fields are ignored. The rules of the values are the model's
 * ({@link IntegrationConfig}'s parse methods, {@link ActivationsLimit}, {@link LicenseDuration}); this class
 * knows the field names, the JSON types, the spelling of enum values, and the two rules whose messages name
 * two fields (a duration's both-or-neither, a signed key's mode).
 */
public final class IntegrationConfigFields {

    private static final String PREFIX = "integration_config.";

    private IntegrationConfigFields() {}

    public static Either<GrantorError, IntegrationConfig> read(IntegrationType type, Map<String, ?> raw) {
        if (raw == null) {
            return Either.left(InvalidRequest.of("integration_config", "is required"));
        }
        var in = new Reader(raw);
        try {
            return Either.right(switch (type) {
                case LICENSE_KEY -> licenseKey(in);
                case GITHUB -> new GithubConfig(in.required("target_id"), in.requiredEnum("permission", GithubPermission.class));
                case DISCORD -> new DiscordConfig(in.required("guild_id"), in.optional("role_id"));
                case TELEGRAM -> new TelegramConfig(in.required("chat_id"));
                case FIGMA -> new FigmaConfig(in.required("figma_file_id"));
                case FRAMER -> new FramerConfig(in.required("framer_template_id"));
                case NOTION -> new NotionConfig(in.required("notion_template_id"));
                case DIGITAL_FILES -> new DigitalFilesConfig(in.requiredTextList("digital_file_ids"),
                        in.optionalUrl("external_url"), in.optionalFreeText("instructions", IntegrationConfig.MAX_INSTRUCTIONS));
                case FEATURE_FLAG -> new FeatureFlagConfig(in.required("feature_id"), in.requiredEnum("feature_type", FeatureType.class));
            });
        } catch (Rejected rejected) {
            return Either.left(rejected.error);
        }
    }

    /**
     * A config built in code (a host application's command) held to the rules a config read from the wire meets, by
     * reading its wire form: the constructors check only structure, the values' rules are the reader's ({@code
     * VALIDATION_FAILED} at {@code integration_config.<field>}). The config as read back: trimmed, a blank text none.
     */
    public static Either<GrantorError, IntegrationConfig> check(IntegrationConfig config) {
        if (config == null) {
            return Either.left(InvalidRequest.of("integration_config", "is required"));
        }
        return read(config.type(), write(config));
    }

    private static LicenseKeyConfig licenseKey(Reader in) {
        String mode = in.optional("fulfillment_mode").getOrElse("auto");
        FulfillmentMode fulfillmentMode = switch (mode) {
            case "auto" -> FulfillmentMode.AUTO;
            case "manual" -> FulfillmentMode.MANUAL;
            default -> throw new Rejected(ValidationFailed.of(PREFIX + "fulfillment_mode", "must be auto or manual"));
        };
        var limit = ActivationsLimit.parse(in.optionalInteger("activations_limit"))
                .mapLeft(problem -> problem.at(PREFIX + "activations_limit"))
                .getOrElseThrow(Rejected::new);
        var duration = duration(in.optionalInteger("duration_count"), in.optionalPlain("duration_interval").getOrNull());
        var message = in.optionalFreeText("activation_message", LicenseKeyConfig.MAX_ACTIVATION_MESSAGE);
        int minKeyLength = in.checked("min_key_length", LicenseKeyConfig.minKeyLength(in.optionalInteger("min_key_length")));
        KeyFormat keyFormat = switch (in.optionalPlain("key_format").getOrElse("random")) {
            case "random" -> KeyFormat.RANDOM;
            case "signed" -> KeyFormat.SIGNED;
            default -> throw new Rejected(ValidationFailed.of(PREFIX + "key_format", "must be random or signed"));
        };
        if (keyFormat == KeyFormat.SIGNED && fulfillmentMode != FulfillmentMode.AUTO) {
            throw new Rejected(ValidationFailed.of(PREFIX + "key_format", "can be signed only with fulfillment_mode auto"));
        }
        return new LicenseKeyConfig(fulfillmentMode, limit, duration, message,
                minKeyLength, keyFormat,
                in.optionalBoolean("customer_can_deactivate").getOrElse(LicenseKeyConfig.DEFAULT_CUSTOMER_CAN_DEACTIVATE),
                in.optionalBoolean("customer_can_rotate").getOrElse(LicenseKeyConfig.DEFAULT_CUSTOMER_CAN_ROTATE));
    }

    /** Both or neither: a count without an interval (or the reverse) is a mistake, not a default. */
    private static Option<LicenseDuration> duration(Long count, String interval) {
        if (count == null && interval == null) {
            return Option.none();
        }
        if (count == null || interval == null) {
            throw new Rejected(ValidationFailed.of(PREFIX + (count == null ? "duration_count" : "duration_interval"),
                    "must be given together with " + (count == null ? "duration_interval" : "duration_count")));
        }
        return Option.some(LicenseDuration.parse(count, interval)
                .mapLeft(problem -> problem.renamed("count", PREFIX + "duration_count").renamed("interval", PREFIX + "duration_interval"))
                .getOrElseThrow(Rejected::new));
    }

    /** The config in its wire form, every field of its type present (null when absent). */
    public static Map<String, Object> write(IntegrationConfig config) {
        var out = new LinkedHashMap<String, Object>();
        switch (config) {
            case LicenseKeyConfig c -> {
                out.put("fulfillment_mode", c.fulfillmentMode().wire());
                out.put("activations_limit", c.activationsLimit().map(ActivationsLimit::value).getOrNull());
                out.put("duration_count", c.duration().map(LicenseDuration::count).getOrNull());
                out.put("duration_interval", c.duration().map(d -> d.interval().wire()).getOrNull());
                out.put("activation_message", c.activationMessage().getOrNull());
                out.put("min_key_length", c.minKeyLength());
                out.put("key_format", c.keyFormat().wire());
                out.put("customer_can_deactivate", c.customerCanDeactivate());
                out.put("customer_can_rotate", c.customerCanRotate());
            }
            case GithubConfig c -> {
                out.put("target_id", c.targetId());
                out.put("permission", c.permission().wire());
            }
            case DiscordConfig c -> {
                out.put("guild_id", c.guildId());
                out.put("role_id", c.roleId().getOrNull());
            }
            case TelegramConfig c -> out.put("chat_id", c.chatId());
            case FigmaConfig c -> out.put("figma_file_id", c.figmaFileId());
            case FramerConfig c -> out.put("framer_template_id", c.framerTemplateId());
            case NotionConfig c -> out.put("notion_template_id", c.notionTemplateId());
            case DigitalFilesConfig c -> {
                out.put("digital_file_ids", c.digitalFileIds().toJavaList());
                out.put("external_url", c.externalUrl().map(URI::toString).getOrNull());
                out.put("instructions", c.instructions().getOrNull());
            }
            case FeatureFlagConfig c -> {
                out.put("feature_id", c.featureId());
                out.put("feature_type", c.featureType().wire());
            }
        }
        return out;
    }

    private static final class Rejected extends RuntimeException {
        private final transient GrantorError error;

        Rejected(GrantorError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private record Reader(Map<String, ?> raw) {

        String required(String field) {
            return optional(field).getOrElseThrow(() -> new Rejected(InvalidRequest.of(PREFIX + field, "is required")));
        }

        /** The value, or the rule's problem reported at the field. */
        <T> T checked(String field, Either<GrantorError, T> ruled) {
            return ruled.mapLeft(problem -> problem.at(PREFIX + field)).getOrElseThrow(Rejected::new);
        }

        /** A reference to something on another platform. */
        Option<String> optional(String field) {
            return optionalPlain(field).map(s -> checked(field, IntegrationConfig.reference(s)));
        }

        Option<String> optionalPlain(String field) {
            Object value = raw.get(field);
            if (value == null) {
                return Option.none();
            }
            if (!(value instanceof String s)) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "must be a string"));
            }
            if (Text.trim(s).isEmpty()) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "must not be blank"));
            }
            return Option.some(Text.trim(s));
        }

        Option<String> optionalFreeText(String field, int max) {
            Object value = raw.get(field);
            if (value == null) {
                return Option.none();
            }
            if (!(value instanceof String s)) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "must be a string"));
            }
            return checked(field, IntegrationConfig.freeText(s, max));
        }

        Option<Boolean> optionalBoolean(String field) {
            Object value = raw.get(field);
            if (value == null) {
                return Option.none();
            }
            if (!(value instanceof Boolean b)) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "must be a boolean"));
            }
            return Option.some(b);
        }

        Long optionalInteger(String field) {
            Object value = raw.get(field);
            if (value == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof java.math.BigInteger big) {
                return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            throw new Rejected(InvalidRequest.of(PREFIX + field, "must be an integer"));
        }

        <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
            String value = optionalPlain(field).getOrElseThrow(() -> new Rejected(InvalidRequest.of(PREFIX + field, "is required")));
            for (E candidate : type.getEnumConstants()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return candidate;
                }
            }
            throw new Rejected(ValidationFailed.of(PREFIX + field, "must be one of "
                    + List.of(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).mkString(", ")));
        }

        List<String> requiredTextList(String field) {
            Object value = raw.get(field);
            if (value == null) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "is required"));
            }
            if (!(value instanceof java.util.List<?> items)) {
                throw new Rejected(InvalidRequest.of(PREFIX + field, "must be an array of strings"));
            }
            checked(field, IntegrationConfig.fileCount(items.size()));
            var out = List.<String>empty();
            for (Object item : items) {
                if (!(item instanceof String s) || Text.trim(s).isEmpty()) {
                    throw new Rejected(InvalidRequest.of(PREFIX + field, "must be an array of non-blank strings"));
                }
                out = out.append(checked(field, IntegrationConfig.fileId(s)));
            }
            return out;
        }

        Option<URI> optionalUrl(String field) {
            return optional(field).map(s -> checked(field, IntegrationConfig.externalUrl(s)));
        }
    }
}
