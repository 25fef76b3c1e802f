package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/http-api.md documents exactly the operations that the running service describes at /openapi.json: each
 * one has its heading ({@code ### `METHOD /path`}), and no heading names an operation the service lacks. A new
 * endpoint therefore fails the build until someone explains it to users.
 */
class HttpReferenceDocumentedTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern HEADING = Pattern.compile("^### `([A-Z]+) (/\\S*)`\\s*$", Pattern.MULTILINE);

    @Test
    void every_served_operation_has_a_section_in_the_reference_and_every_section_is_served() throws Exception {
        TreeSet<String> served = new TreeSet<>();
        try (var server = new ApiServer()) {
            JsonNode paths = new ObjectMapper().readTree(server.get("/openapi.json", null).raw()).get("paths");
            paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    served.add(operation.getKey().toUpperCase() + " " + path.getKey());
                }
            }));
        }
        TreeSet<String> documented = new TreeSet<>();
        var headings = HEADING.matcher(Files.readString(Path.of("..", "docs", "http-api.md")));
        while (headings.find()) {
            documented.add(headings.group(1) + " " + headings.group(2));
        }

        assertThat(served).as("operations in /openapi.json").hasSizeGreaterThan(20);
        assertThat(documented).as("sections of docs/http-api.md, against /openapi.json").containsExactlyElementsOf(served);
    }
}
