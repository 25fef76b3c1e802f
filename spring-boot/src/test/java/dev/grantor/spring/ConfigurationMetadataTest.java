package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The metadata IDEs complete {@code grantor.*} from, generated at compile time from {@link GrantorProperties}. */
class ConfigurationMetadataTest {

    @Test
    void every_setting_is_described_with_its_default() throws Exception {
        JsonNode metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata in the jar").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        var names = new ArrayList<String>();
        for (JsonNode property : metadata.get("properties")) {
            names.add(property.get("name").asText());
            assertThat(property.has("description")).as(property.get("name").asText() + " has a description").isTrue();
        }
        assertThat(names).contains("grantor.enabled", "grantor.mail.from", "grantor.mail.pickup-directory",
                "grantor.relay.enabled", "grantor.webhooks.enabled", "grantor.webhooks.keep-alive", "grantor.web.enabled", "grantor.web.path",
                "grantor.web.port", "grantor.web.rate-limit", "grantor.web.license-rate-limit", "grantor.web.trusted-proxies",
                "grantor.database.migrate", "grantor.health.outbox-age-limit", "grantor.api-key-cache-ttl");
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asText().equals("grantor.web.rate-limit")) {
                assertThat(property.get("defaultValue").asInt()).isEqualTo(50);
            }
        }
    }

    /**
     * The default an IDE shows is the one the application gets: the processor cannot read a default taken from a
     * constant of another class (the cache TTL, the keep-alive) or built by a call (the pickup directory), so those
     * are written in additional-spring-configuration-metadata.json, and this keeps them equal to the fields.
     */
    @Test
    void every_default_shown_is_the_default_bound() throws Exception {
        JsonNode metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        var defaults = new org.springframework.beans.BeanWrapperImpl(new GrantorProperties());
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asText();
            String path = java.util.Arrays.stream(name.substring("grantor.".length()).split("\\."))
                    .map(ConfigurationMetadataTest::camel).reduce((a, b) -> a + "." + b).orElseThrow();
            Object bound = defaults.getPropertyValue(path);
            if (bound == null || bound instanceof java.util.Collection<?> empty && empty.isEmpty()) {
                // unset means none (the signing KEK, the trusted proxies): nothing to show
                assertThat(property.has("defaultValue")).as(name + " shows no default").isFalse();
                continue;
            }
            assertThat(property.has("defaultValue")).as(name + " shows its default").isTrue();
            // bound as Spring binds a value the application sets
            var source = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                    java.util.Map.of(name, property.get("defaultValue").asText()));
            Object shown = new org.springframework.boot.context.properties.bind.Binder(source)
                    .bind(name, defaults.getPropertyType(path)).get();
            assertThat(shown).as(name).isEqualTo(bound);
        }
    }

    private static String camel(String kebab) {
        var parts = kebab.split("-");
        var camel = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            camel.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return camel.toString();
    }
}
