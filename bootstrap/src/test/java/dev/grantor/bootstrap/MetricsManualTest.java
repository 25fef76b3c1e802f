package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.application.outbox.RelayPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric names README.md and docs/ give an operator to alert on are the ones {@code GET /metrics} serves, and every
 * Grantor metric it serves is named there: an alert written from the manual watches a series that exists.
 */
class MetricsManualTest {

    /** {@code grantor_webhook_deliveries_*} names the family's metrics together. */
    private static final Pattern NAMED = Pattern.compile("\\b(?:grantor|http_server)_[a-z0-9_]*[a-z0-9](?:_\\*)?");

    /** Names in the manual that are not metrics: the console's and portal's cookies, the migrations' history table. */
    private static final Set<String> NOT_METRICS = Set.of("grantor_console", "grantor_console_form", "grantor_portal",
            "grantor_portal_form", "grantor_portal_return", "grantor_schema_history");

    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE ([a-z_:][a-z0-9_:]*) ");

    @TempDir
    Path dataDir;

    @Test
    void every_metric_the_manual_names_is_served_and_every_grantor_metric_served_is_named_in_the_manual() throws IOException {
        var documented = documentedNames();
        // behind a trusted proxy, relaying, with a key pool: the families that exist only then are served too
        var rest = RestSettings.defaults().withPort(0).withTrustedProxies(TrustedProxies.parse("127.0.0.1"));
        var database = DatabaseSettings.embedded(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        try (var service = Service.start(new ServiceSettings(rest, database, MailSettings.pickupDirectory(), true,
                RelayPolicy.defaults()))) {
            var api = new Http(service.url(), token);
            var entitlement = api.post("/entitlements", Map.of("name", "Acme Pro", "integration_type", "license_key",
                    "integration_config", Map.of("fulfillment_mode", "manual")));
            assertThat(api.post("/entitlements/" + entitlement.text("id") + "/key-pool", Map.of()).status()).isEqualTo(201);

            var served = new TreeSet<String>();
            FAMILY.matcher(api.get("/metrics").raw()).results().forEach(match -> served.add(match.group(1)));
            // a timer's maximum is a gauge of its own beside the histogram the manual names
            served.removeIf(family -> family.endsWith("_max") && served.contains(family.substring(0, family.length() - 4)));

            assertThat(documented).allSatisfy(name -> assertThat(served)
                    .as("%s, named in the manual, among the served metrics", name)
                    .anyMatch(family -> name.endsWith("_*") ? family.startsWith(name.substring(0, name.length() - 1)) : family.equals(name)));
            assertThat(served.stream().filter(family -> family.startsWith("grantor_") || family.startsWith("http_server_")))
                    .allSatisfy(family -> assertThat(documented)
                            .as("%s, served, named in README.md or docs/", family)
                            .anyMatch(name -> name.endsWith("_*") ? family.startsWith(name.substring(0, name.length() - 1)) : family.equals(name)));
        }
    }

    static Set<String> documentedNames() throws IOException {
        var names = new TreeSet<String>();
        Path root = Path.of(System.getProperty("grantor.root", ".."));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path page : Stream.concat(Stream.of(root.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md"))).toList()) {
                NAMED.matcher(Files.readString(page)).results().map(match -> match.group())
                        .filter(name -> !NOT_METRICS.contains(name)).forEach(names::add);
            }
        }
        return names;
    }
}
