package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.ErrorCode;
import io.vavr.collection.LinkedHashMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dodo's header update merges into an endpoint's headers; reading them back withholds what may be a credential. */
class WebhookHeaderChangesTest {

    private static final LinkedHashMap<String, String> STORED = LinkedHashMap.of("X-Shop", "acme", "Authorization", "Bearer t0k3n");

    private static Map<String, String> changes(String... pairs) {
        var changes = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            changes.put(pairs[i], pairs[i + 1]);
        }
        return changes;
    }

    @Nested
    class Merging {

        @Test
        void a_change_adds_or_replaces_what_it_names_and_keeps_the_rest() {
            var merged = WebhookRules.merged(STORED, changes("X-Shop", "globex", "X-Team", "ops")).get();

            assertThat(merged.toJavaMap()).containsExactly(Map.entry("X-Shop", "globex"), Map.entry("Authorization", "Bearer t0k3n"),
                    Map.entry("X-Team", "ops"));
        }

        @Test
        void a_name_in_another_letter_case_replaces_the_stored_one_and_takes_the_new_spelling() {
            var merged = WebhookRules.merged(STORED, changes("x-shop", "globex")).get();

            assertThat(merged.toJavaMap()).containsOnly(Map.entry("Authorization", "Bearer t0k3n"), Map.entry("x-shop", "globex"));
        }

        @Test
        void a_null_removes_the_header_in_any_letter_case_and_removing_one_that_is_not_there_changes_nothing() {
            var merged = WebhookRules.merged(STORED, changes("authorization", null, "X-Gone", null)).get();

            assertThat(merged.toJavaMap()).containsOnly(Map.entry("X-Shop", "acme"));
        }

        @Test
        void an_empty_change_keeps_everything_and_a_missing_one_is_an_invalid_request() {
            assertThat(WebhookRules.merged(STORED, Map.of()).get()).isEqualTo(STORED);
            assertThat(WebhookRules.merged(STORED, null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void the_result_keeps_the_rules_of_a_create_reserved_names_values_and_the_count() {
            var reserved = WebhookRules.merged(STORED, changes("User-Agent", "mine/1")).getLeft();
            assertThat(reserved.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(reserved.message()).contains("headers.User-Agent");
            assertThat(WebhookRules.merged(STORED, changes("X-Shop", "caf\u00e9")).getLeft().message()).contains("headers.X-Shop");

            var nineteen = new HashMap<String, String>();
            for (int i = 0; i < 18; i++) {
                nineteen.put("X-N" + i, "v");
            }
            assertThat(WebhookRules.merged(STORED, nineteen).get().size()).isEqualTo(20);
            nineteen.put("X-One-Too-Many", "v");
            assertThat(WebhookRules.merged(STORED, nineteen).getLeft().message()).contains("at most 20");
            nineteen.put("X-Shop", null);
            assertThat(WebhookRules.merged(STORED, nineteen).get().size()).as("a removal makes room").isEqualTo(20);
        }

        @Test
        void one_name_twice_in_one_change_is_refused_even_when_one_of_them_removes() {
            var refused = WebhookRules.merged(STORED, changes("X-Team", "ops", "x-team", null)).getLeft();

            assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(refused.message()).contains("x-team").contains("twice");
        }
    }

    @Nested
    class Reading_back {

        @Test
        void a_read_write_reader_sees_every_value_but_those_that_may_be_credentials() {
            var shown = WebhookRules.shown(LinkedHashMap.of("X-Shop", "acme", "X-Api-Key", "k", "Authorization", "x",
                    "X-Forward", "Bearer abc", "Cookie", "s=1", "X-Team", "ops"), false);

            assertThat(shown.headers().toJavaMap()).containsExactly(Map.entry("X-Shop", "acme"), Map.entry("X-Team", "ops"));
            assertThat(shown.sensitive()).containsExactly("X-Api-Key", "Authorization", "X-Forward", "Cookie");
        }

        @Test
        void a_read_only_reader_sees_names_only() {
            var shown = WebhookRules.shown(STORED, true);

            assertThat(shown.headers()).isEmpty();
            assertThat(shown.sensitive()).containsExactly("X-Shop", "Authorization");
        }
    }
}
