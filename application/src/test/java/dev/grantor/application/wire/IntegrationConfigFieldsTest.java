package dev.grantor.application.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.Examples;
import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.DurationInterval;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.entitlement.KeyFormat;
import dev.grantor.domain.entitlement.LicenseDuration;
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
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class IntegrationConfigFieldsTest {

    /** The fields each type requires, from the HTTP contract. */
    static List<String> required(IntegrationType type) {
        return switch (type) {
            case LICENSE_KEY -> List.of();
            case GITHUB -> List.of("target_id", "permission");
            case DISCORD -> List.of("guild_id");
            case TELEGRAM -> List.of("chat_id");
            case FIGMA -> List.of("figma_file_id");
            case FRAMER -> List.of("framer_template_id");
            case NOTION -> List.of("notion_template_id");
            case DIGITAL_FILES -> List.of("digital_file_ids");
            case FEATURE_FLAG -> List.of("feature_id", "feature_type");
        };
    }

    /** A config of the type, every part drawn from the draw. */
    static IntegrationConfig configOf(IntegrationType type, Draw draw) {
        int n = draw.count();
        String reference = draw.fitting(draw.visible(), IntegrationConfig.MAX_REFERENCE_LENGTH);
        return switch (type) {
            case LICENSE_KEY -> new LicenseKeyConfig(n % 2 == 0 ? FulfillmentMode.AUTO : FulfillmentMode.MANUAL,
                    n % 3 == 0 ? Option.none() : Option.some(new ActivationsLimit(1 + n % 1000)),
                    n % 5 == 0 ? Option.none() : Option.some(new LicenseDuration(1 + n % LicenseDuration.MAX_COUNT,
                            DurationInterval.values()[n % 4])),
                    n % 7 == 0 ? Option.none() : Option.some(draw.fitting(draw.word() + " " + draw.ascii(), 2500)),
                    1 + n % LicenseKeyConfig.MAX_MIN_KEY_LENGTH, n % 4 == 0 ? KeyFormat.SIGNED : KeyFormat.RANDOM);
            case GITHUB -> new GithubConfig(reference, GithubPermission.values()[n % 5]);
            case DISCORD -> new DiscordConfig(reference, n % 2 == 0 ? Option.none() : Option.some(draw.ascii()));
            case TELEGRAM -> new TelegramConfig(reference);
            case FIGMA -> new FigmaConfig(reference);
            case FRAMER -> new FramerConfig(reference);
            case NOTION -> new NotionConfig(reference);
            case DIGITAL_FILES -> new DigitalFilesConfig(io.vavr.collection.List.range(0, n % 5).map(i -> reference + i),
                    n % 2 == 0 ? Option.none() : Option.some(URI.create("https://" + draw.ascii().toLowerCase(Locale.ROOT) + ".example/d")),
                    n % 3 == 0 ? Option.none() : Option.some(draw.word() + "\n" + draw.ascii()));
            case FEATURE_FLAG -> new FeatureFlagConfig(reference, FeatureType.BOOLEAN);
        };
    }

    static Stream<Arguments> generated() {
        var draws = Hostile.draws(9L, 40);
        return Stream.of(IntegrationType.values()).flatMap(type -> draws.stream().map(d -> Arguments.of(type, d)));
    }

    static List<Draw> draws() {
        return Hostile.draws(11L, 60);
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(IntegrationType.values()).flatMap(type -> required(type).stream().map(f -> Arguments.of(type, f)));
    }

    static Map<String, Object> wireOf(IntegrationType type) {
        return new HashMap<>(IntegrationConfigFields.write(Examples.configOf(type)));
    }

    static GrantorError rejection(IntegrationType type, Map<String, ?> raw) {
        var result = IntegrationConfigFields.read(type, raw);
        assertThat(result.isLeft()).as("accepted %s", result).isTrue();
        return result.getLeft();
    }

    static Map<String, Object> with(IntegrationType type, String field, Object value) {
        var raw = wireOf(type);
        raw.put(field, value);
        return raw;
    }

    /**
     * The catalog takes a typed config and holds it to the wire's value rules through {@link IntegrationConfigFields#check}:
     * whatever the REST edge has read passes the check unchanged, so an answer over HTTP is what it was when the catalog
     * read the wire itself; a typed config the wire would refuse is refused with the wire's code, field and message.
     */
    @Nested
    class TypedCommands {

        static String textField(IntegrationType type) {
            return switch (type) {
                case LICENSE_KEY -> "activation_message";
                case DIGITAL_FILES -> "instructions";
                default -> required(type).getFirst();
            };
        }

        @ParameterizedTest(name = "{0} {index}")
        @MethodSource("dev.grantor.application.wire.IntegrationConfigFieldsTest#generated")
        void what_the_edge_read_passes_the_check_unchanged(IntegrationType type, Draw draw) {
            var plain = IntegrationConfigFields.write(configOf(type, draw));
            var hostile = new HashMap<>(plain);
            hostile.put(textField(type), draw.padded(draw.withHostileInside(draw.visible())));

            for (var wire : List.of(plain, hostile)) {
                IntegrationConfigFields.read(type, wire)
                        .peek(read -> assertThat(IntegrationConfigFields.check(read)).isEqualTo(Either.right(read)));
            }
        }

        @ParameterizedTest(name = "{index}")
        @MethodSource("dev.grantor.application.wire.IntegrationConfigFieldsTest#draws")
        void a_typed_config_with_hostile_text_is_answered_as_its_wire_form_is(Draw draw) {
            String text = draw.withHostileInside(draw.visible());
            var typed = List.<IntegrationConfig>of(new GithubConfig(text, GithubPermission.PULL),
                    new DiscordConfig("guild", Option.some(text)), LicenseKeyConfig.auto().withActivationMessage(text),
                    new DigitalFilesConfig(io.vavr.collection.List.of("f1"), Option.none(), Option.some(text)));

            for (var config : typed) {
                var wire = new HashMap<>(IntegrationConfigFields.write(config));
                assertThat(IntegrationConfigFields.check(config)).as("%s", config)
                        .isEqualTo(IntegrationConfigFields.read(config.type(), wire));
            }
            assertThat(IntegrationConfigFields.check(new GithubConfig(text, GithubPermission.PULL)).getLeft())
                    .satisfies(refused -> {
                        assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                        assertThat(refused.message()).startsWith("integration_config.target_id ");
                    });
        }

        @Test
        void no_config_is_an_invalid_request() {
            assertThat(IntegrationConfigFields.check(null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest(name = "{0} {index}")
        @MethodSource("dev.grantor.application.wire.IntegrationConfigFieldsTest#generated")
        void what_is_written_reads_back_as_the_same_config(IntegrationType type, Draw draw) {
            var config = configOf(type, draw);

            assertThat(IntegrationConfigFields.read(type, IntegrationConfigFields.write(config))).isEqualTo(Either.right(config));
        }

        @ParameterizedTest
        @EnumSource(IntegrationType.class)
        void every_field_of_the_type_is_written_even_when_absent(IntegrationType type) {
            assertThat(IntegrationConfigFields.write(Examples.configOf(type)).keySet()).containsAll(required(type));
        }

        @Test
        void a_license_key_config_without_a_mode_is_automatic() {
            var config = IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, Map.of()).get();

            assertThat(config).isEqualTo(new LicenseKeyConfig(FulfillmentMode.AUTO, Option.none(), Option.none(), Option.none()));
        }

        @Test
        void unknown_fields_are_ignored() {
            assertThat(IntegrationConfigFields.read(IntegrationType.DISCORD, with(IntegrationType.DISCORD, "colour", "blue")).isRight()).isTrue();
        }

        @Test
        void a_reference_counts_characters_not_utf16_units() {
            String emoji = "🔑".repeat(IntegrationConfig.MAX_REFERENCE_LENGTH);

            assertThat(IntegrationConfigFields.read(IntegrationType.DISCORD, Map.of("guild_id", emoji)))
                    .isEqualTo(Either.right(new DiscordConfig(emoji, Option.none())));
        }
    }

    @Nested
    class InvalidRequest {

        @ParameterizedTest(name = "{0}.{1}")
        @MethodSource("dev.grantor.application.wire.IntegrationConfigFieldsTest#requiredFields")
        void a_missing_required_field_is_an_invalid_request(IntegrationType type, String field) {
            var raw = wireOf(type);
            raw.remove(field);

            var error = rejection(type, raw);

            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(error.message()).startsWith("integration_config." + field);
        }

        @ParameterizedTest(name = "{0}.{1}")
        @MethodSource("dev.grantor.application.wire.IntegrationConfigFieldsTest#requiredFields")
        void a_null_blank_or_wrongly_typed_required_field_is_an_invalid_request(IntegrationType type, String field) {
            var wrong = new ArrayList<Object>(List.of(" ", "", "\t\n", 42, true, Map.of("a", 1)));
            if (!field.equals("digital_file_ids")) {
                wrong.add(List.of("x"));
            }
            for (Object value : wrong) {
                assertThat(rejection(type, with(type, field, value)).code()).as("%s = %s", field, value).isEqualTo(ErrorCode.INVALID_REQUEST);
            }
            var nulled = wireOf(type);
            nulled.put(field, null);
            assertThat(rejection(type, nulled).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @ParameterizedTest
        @EnumSource(IntegrationType.class)
        void no_config_at_all_is_an_invalid_request(IntegrationType type) {
            assertThat(rejection(type, null).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void numbers_must_be_integers() {
            var type = IntegrationType.LICENSE_KEY;
            for (Object value : List.of("3", 2.5, 3.0, true)) {
                assertThat(rejection(type, with(type, "activations_limit", value)).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(rejection(type, Map.of("duration_count", value, "duration_interval", "Day")).code())
                        .isEqualTo(ErrorCode.INVALID_REQUEST);
            }
        }

        @Test
        void digital_file_ids_must_be_non_blank_strings() {
            var type = IntegrationType.DIGITAL_FILES;
            assertThat(rejection(type, with(type, "digital_file_ids", List.of("ok", " "))).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(rejection(type, with(type, "digital_file_ids", List.of("ok", 7))).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Nested
    class ValidationFailed {

        static Stream<Arguments> referenceFields() {
            return Stream.of(IntegrationType.values()).flatMap(type -> required(type).stream()
                    .filter(f -> !f.equals("permission") && !f.equals("feature_type") && !f.equals("digital_file_ids"))
                    .map(f -> Arguments.of(type, f)));
        }

        @ParameterizedTest(name = "{0}.{1}")
        @MethodSource("referenceFields")
        void a_reference_over_500_characters_or_with_invisible_characters_fails_validation(IntegrationType type, String field) {
            for (Draw draw : Hostile.draws(field.hashCode(), 20)) {
                var tooLong = draw.visible() + "r".repeat(IntegrationConfig.MAX_REFERENCE_LENGTH);
                var invisible = draw.withHostileInside(draw.visible());
                assertThat(rejection(type, with(type, field, tooLong)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(rejection(type, with(type, field, invisible)).code()).as("%s", invisible).isEqualTo(ErrorCode.VALIDATION_FAILED);
            }
            assertThat(rejection(type, with(type, field, Hostile.TEN_MEGABYTES_OF_A)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void enum_values_outside_the_contract_fail_validation() {
            assertThat(rejection(IntegrationType.GITHUB, with(IntegrationType.GITHUB, "permission", "owner")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(IntegrationType.GITHUB, with(IntegrationType.GITHUB, "permission", "PULL")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(IntegrationType.FEATURE_FLAG, with(IntegrationType.FEATURE_FLAG, "feature_type", "string")).code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(IntegrationType.LICENSE_KEY, Map.of("fulfillment_mode", "semi")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void key_format_defaults_to_random_and_signed_is_only_for_auto_keys() {
            var type = IntegrationType.LICENSE_KEY;
            assertThat(((LicenseKeyConfig) IntegrationConfigFields.read(type, Map.of()).get()).keyFormat()).isEqualTo(KeyFormat.RANDOM);
            assertThat(((LicenseKeyConfig) IntegrationConfigFields.read(type, Map.of("key_format", "signed")).get()).isSigned()).isTrue();
            assertThat(IntegrationConfigFields.write(IntegrationConfigFields.read(type, Map.of("key_format", "signed")).get()))
                    .containsEntry("key_format", "signed");
            for (var raw : List.<Map<String, ?>>of(Map.of("key_format", "signed", "fulfillment_mode", "manual"),
                    Map.of("key_format", "SIGNED"), Map.of("key_format", "jwt"))) {
                var error = rejection(type, raw);
                assertThat(error.code()).as("%s", raw).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(error.message()).startsWith("integration_config.key_format");
            }
            assertThat(rejection(type, Map.of("key_format", 1)).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void the_customer_may_deactivate_but_not_rotate_unless_the_merchant_says_otherwise() {
            var type = IntegrationType.LICENSE_KEY;
            var defaults = (LicenseKeyConfig) IntegrationConfigFields.read(type, Map.of()).get();
            assertThat(defaults.customerCanDeactivate()).isTrue();
            assertThat(defaults.customerCanRotate()).isFalse();
            assertThat(IntegrationConfigFields.write(defaults)).containsEntry("customer_can_deactivate", true)
                    .containsEntry("customer_can_rotate", false);
            var flipped = (LicenseKeyConfig) IntegrationConfigFields.read(type,
                    Map.of("customer_can_deactivate", false, "customer_can_rotate", true)).get();
            assertThat(flipped.customerCanDeactivate()).isFalse();
            assertThat(flipped.customerCanRotate()).isTrue();
            assertThat(IntegrationConfigFields.read(type, IntegrationConfigFields.write(flipped))).contains(flipped);
            for (var field : List.of("customer_can_deactivate", "customer_can_rotate")) {
                for (Object notABoolean : List.<Object>of("true", 1, 0, List.of(), Map.of())) {
                    var error = rejection(type, Map.of(field, notABoolean));
                    assertThat(error.code()).as("%s = %s", field, notABoolean).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(error.message()).startsWith("integration_config." + field);
                }
            }
        }

        @Test
        void license_key_limits_and_durations_out_of_range_fail_validation() {
            var type = IntegrationType.LICENSE_KEY;
            for (Object limit : List.of(0, -1, Long.MIN_VALUE, Integer.MAX_VALUE + 1L, new BigInteger("9".repeat(100)),
                    new BigInteger("-" + "9".repeat(100)))) {
                var error = rejection(type, Map.of("activations_limit", limit));
                assertThat(error.code()).as("%s", limit).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(error.message()).startsWith("integration_config.activations_limit");
            }
            // both or neither: the error names the half that is missing
            assertThat(rejection(type, Map.of("duration_count", 3)).message()).startsWith("integration_config.duration_interval");
            assertThat(rejection(type, Map.of("duration_interval", "Month")).message()).startsWith("integration_config.duration_count");
            assertThat(rejection(type, Map.of("duration_interval", "Month")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, Map.of("duration_count", 0, "duration_interval", "Month")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, Map.of("duration_count", new BigInteger("9".repeat(50)), "duration_interval", "Month")).code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, Map.of("duration_count", 1, "duration_interval", "Fortnight")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void an_activation_message_is_free_text_of_at_most_2500_characters() {
            var type = IntegrationType.LICENSE_KEY;
            assertThat(IntegrationConfigFields.read(type, Map.of("activation_message", "Welcome!\nEnjoy.\t🔑".repeat(100))).isRight()).isTrue();
            assertThat(IntegrationConfigFields.read(type, Map.of("activation_message", "m".repeat(2500))).isRight()).isTrue();
            assertThat(rejection(type, Map.of("activation_message", "m".repeat(2501))).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, Map.of("activation_message", "bell\u0007")).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, Map.of("activation_message", Hostile.TEN_MEGABYTES_OF_A)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void digital_files_keep_to_their_limits() {
            var type = IntegrationType.DIGITAL_FILES;
            var tooMany = IntStream.rangeClosed(0, IntegrationConfig.MAX_FILES).mapToObj(i -> "file-" + i).toList();
            assertThat(rejection(type, with(type, "digital_file_ids", tooMany)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, with(type, "digital_file_ids", List.of("ok", "bad\u200Bid"))).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(type, with(type, "instructions", "i".repeat(IntegrationConfig.MAX_INSTRUCTIONS + 1))).code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            for (String url : List.of("ftp://files.example/x", "not a url", "https://", "javascript:alert(1)", "//files.example/x",
                    "https://files.example/\u0000")) {
                assertThat(rejection(type, with(type, "external_url", url)).code()).as(url).isEqualTo(ErrorCode.VALIDATION_FAILED);
            }
        }
    }
}
