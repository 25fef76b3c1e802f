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
}
