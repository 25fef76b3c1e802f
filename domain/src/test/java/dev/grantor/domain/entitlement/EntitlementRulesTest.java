package dev.grantor.domain.entitlement;

import static dev.grantor.domain.Examples.AUTO_KEYS;
import static dev.grantor.domain.Examples.DISCORD;
import static dev.grantor.domain.Examples.MANUAL_KEYS;
import static dev.grantor.domain.Examples.T0;
import static dev.grantor.domain.Examples.entitlement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EntitlementRulesTest {

    static final Instant LATER = T0.plusSeconds(3600);

    static EntitlementUpdate nothing() {
        return new EntitlementUpdate(Option.none(), Option.none(), Option.none(), Option.none());
    }

    @Nested
    class Updating {

        @Test
        void an_update_cannot_change_the_integration_type() {
            var result = entitlement(AUTO_KEYS).update(
                    new EntitlementUpdate(Option.none(), Option.none(), Option.some(DISCORD), Option.none()), LATER);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft().message()).contains("type cannot change");
        }

        @Test
        void an_update_may_change_the_config_within_its_type() {
            var updated = entitlement(AUTO_KEYS).update(
                    new EntitlementUpdate(Option.none(), Option.none(), Option.some(MANUAL_KEYS), Option.none()), LATER).get();

            assertThat(updated.config()).isEqualTo(MANUAL_KEYS);
            assertThat(updated.licenseKeyConfig().map(IntegrationConfig.LicenseKeyConfig::isManual)).contains(true);
            assertThat(updated.updatedAt()).isEqualTo(LATER);
        }

        @Test
        void an_update_replaces_the_given_parts_and_keeps_the_others() {
            var original = entitlement(AUTO_KEYS);
            var metadata = new Metadata(LinkedHashMap.of("tier", new Metadata.Text("gold")));

            var updated = original.update(new EntitlementUpdate(Option.some("Pro plan 2"), Option.some(Option.some("Now yearly")),
                    Option.none(), Option.some(metadata)), LATER).get();

            assertThat(updated.name()).isEqualTo("Pro plan 2");
            assertThat(updated.details().description()).contains("Now yearly");
            assertThat(updated.metadata()).isEqualTo(metadata);
            assertThat(updated.config()).isEqualTo(original.config());
            assertThat(updated.id()).isEqualTo(original.id());
            assertThat(updated.createdAt()).isEqualTo(original.createdAt());
        }

        @Test
        void a_null_description_clears_it_and_an_absent_one_keeps_it() {
            var described = entitlement(AUTO_KEYS).update(
                    new EntitlementUpdate(Option.none(), Option.some(Option.some("words")), Option.none(), Option.none()), LATER).get();

            assertThat(described.update(nothing(), LATER).get().details().description()).contains("words");
            assertThat(described.update(new EntitlementUpdate(Option.none(), Option.some(Option.none()), Option.none(), Option.none()),
                    LATER).get().details().description()).isEmpty();
        }

        @Test
        void updated_at_never_moves_backwards() {
            var original = entitlement(AUTO_KEYS);

            assertThat(original.update(nothing(), original.updatedAt().minusSeconds(5)).get().updatedAt()).isEqualTo(original.updatedAt());
        }
    }

    @Nested
    class Deleting {

        @Test
        void a_deleted_entitlement_is_no_longer_active() {
            var deleted = entitlement(AUTO_KEYS).delete(LATER);

            assertThat(deleted.isActive()).isFalse();
            assertThat(deleted.deletedAt()).contains(LATER);
        }

        @Test
        void deleting_twice_keeps_the_first_deletion_time() {
            var deleted = entitlement(AUTO_KEYS).delete(LATER);

            assertThat(deleted.delete(LATER.plusSeconds(60))).isSameAs(deleted);
        }
    }

    @Nested
    class Structure {

        @Test
        void the_integration_type_is_the_type_of_the_config() {
            assertThat(entitlement(DISCORD).integrationType()).isEqualTo(IntegrationType.DISCORD);
            assertThat(entitlement(DISCORD).licenseKeyConfig()).isEmpty();
        }

        @Test
        void a_name_is_required_and_bounded() {
            assertThat(EntitlementDetails.parseName("  Pro  ")).contains("Pro");
            assertThat(EntitlementDetails.parseName(" ").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(EntitlementDetails.parseName(null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(EntitlementDetails.parseName("\u00A0\u202F").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(EntitlementDetails.parseName("n".repeat(200))).isNotEmpty();
            assertThat(EntitlementDetails.parseName("n".repeat(201)).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(EntitlementDetails.parseName("a\u0000b").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        /** The name ends up in the delivery email's subject: the rule {@code customer.name} follows, not a looser one. */
        @Test
        void a_name_rejects_bidi_overrides_and_zero_width_characters_as_a_customer_name_does() {
            for (String hidden : new String[] {"\u202E", "\u202D", "\u2066", "\u2069", "\u200B", "\u200D", "\uFEFF",
                    "\u2028", "\uE000"}) {
                String name = "Pro" + hidden + "txt.exe";
                assertThat(EntitlementDetails.parseName(name).getLeft().code()).as("U+%04X", (int) hidden.charAt(0))
                        .isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(dev.grantor.domain.customer.CustomerName.parse("name", name).isLeft()).isTrue();
            }
            assertThat(EntitlementDetails.parseName("Pro ✓ 李雷 עברית")).contains("Pro ✓ 李雷 עברית");
        }

        @Test
        void a_description_is_optional_and_bounded() {
            assertThat(EntitlementDetails.parseDescription(null)).contains(Option.none());
            assertThat(EntitlementDetails.parseDescription("line one\nline two")).contains(Option.some("line one\nline two"));
            assertThat(EntitlementDetails.parseDescription("d".repeat(2001)).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(EntitlementDetails.parseDescription("bell\u0007").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void an_entitlement_is_not_updated_before_it_was_created() {
            var e = entitlement(AUTO_KEYS);

            assertThatThrownBy(() -> new Entitlement(e.id(), e.businessId(), e.details(), e.config(), e.metadata(), e.createdAt(),
                    e.createdAt().minusMillis(1), Option.none(), 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void integration_types_parse_only_their_lower_case_names_and_name_no_field() {
            assertThat(IntegrationType.parse("digital_files")).contains(IntegrationType.DIGITAL_FILES);
            assertThat(IntegrationType.parse("Discord").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(IntegrationType.parse("").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(IntegrationType.parse(null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(IntegrationType.parse("Discord").getLeft().message()).startsWith("must be one of discord, telegram");
            assertThat(IntegrationType.parse("Discord").getLeft().at("kind").message()).startsWith("kind must be one of discord");
            assertThat(List.of(IntegrationType.values()).map(IntegrationType::wire)).containsExactly("discord", "telegram",
                    "github", "figma", "framer", "notion", "digital_files", "license_key", "feature_flag");
        }
    }
}
