package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Every property docs/spring-boot.md lists is bound under the name it is printed with, has the default it is printed
 * with, and changes what Grantor does when an application sets it: a name the page misspells, or one the starter
 * binds but never reads, would be a setting that silently does nothing. Each effect is seen from outside where it can
 * be: an email's sender, a socket that answers or refuses, a 429, a webhook receiver's connections.
 */
class DocumentedPropertiesTest {

    /** A table row of the page: one or more names (path, host, port share a row) and the defaults printed for them. */
    private static final Pattern ROW = Pattern.compile("^\\| (`grantor\\.[^|]*) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The test of this class that proves each property takes effect. */
    private static final Map<String, String> PROOFS = Map.ofEntries(
            Map.entry("grantor.enabled", "enabled_false_leaves_no_engine"),
            Map.entry("grantor.database.migrate", "migrate_false_refuses_a_schema_without_grantor_s_migrations"),
            Map.entry("grantor.mail.from", "the_mail_sender_and_the_pickup_directory_are_the_ones_set"),
            Map.entry("grantor.mail.pickup-directory", "the_mail_sender_and_the_pickup_directory_are_the_ones_set"),
            Map.entry("grantor.relay.enabled", "the_relay_and_the_dispatcher_run_as_set"),
            Map.entry("grantor.webhooks.enabled", "the_relay_and_the_dispatcher_run_as_set"),
            Map.entry("grantor.webhooks.keep-alive", "the_keep_alive_decides_whether_deliveries_share_a_connection"),
            Map.entry("grantor.health.outbox-age-limit", "the_outbox_age_limit_decides_when_health_is_down"),
            Map.entry("grantor.signing-kek", "the_signing_kek_wraps_new_signing_keys"),
            Map.entry("grantor.api-key-cache-ttl", "the_api_key_cache_ttl_keeps_a_key_revoked_elsewhere_for_its_time"),
            Map.entry("grantor.web.enabled", "the_api_answers_at_the_path_host_and_port_set"),
            Map.entry("grantor.web.path", "the_api_answers_at_the_path_host_and_port_set"),
            Map.entry("grantor.web.host", "the_api_answers_at_the_path_host_and_port_set"),
            Map.entry("grantor.web.port", "the_api_answers_at_the_path_host_and_port_set"),
            Map.entry("grantor.web.rate-limit", "the_merchant_rate_limit_refuses_past_its_rate"),
            Map.entry("grantor.web.license-rate-limit", "the_license_rate_limit_counts_each_client_the_trusted_proxies_name"),
            Map.entry("grantor.web.trusted-proxies", "the_license_rate_limit_counts_each_client_the_trusted_proxies_name"),
            Map.entry("grantor.web.license-failure-limit", "the_license_failure_limit_answers_429_past_a_minute_of_failures"),
            Map.entry("grantor.web.license-failure-limit-per-business",
                    "the_per_business_failure_limit_answers_429_past_a_minute_of_one_business_s_failures"),
            Map.entry("grantor.web.header-timeout", "the_header_timeout_ends_a_request_whose_headers_trickle_past_it"),
            Map.entry("grantor.web.public-url", "portal_links_open_the_public_url"));

    private final Path pickup = TestDatabases.temporaryDirectory("grantor-pickup");

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(), "grantor.mail.pickup-directory=" + pickup,
                    "grantor.relay.enabled=false", "grantor.webhooks.enabled=false");

    @Test
    void every_documented_property_is_bound_under_its_printed_name_with_its_printed_default() throws IOException {
        var documented = documented();
        Set<String> generated = new java.util.HashSet<>();
        for (JsonNode property : metadata().get("properties")) {
            generated.add(property.get("name").asText());
        }
        assertThat(documented.keySet()).as("the page's names, each one the starter binds").isSubsetOf(generated);
        assertThat(generated).as("the starter's properties, each one on the page").isSubsetOf(documented.keySet());

        var defaults = new BeanWrapperImpl(new GrantorProperties());
        documented.forEach((name, shown) -> {
            String path = propertyPath(name);
            Object bound = defaults.getPropertyValue(path);
            if (shown == null) {
                assertThat(bound == null || bound instanceof Collection<?> empty && empty.isEmpty())
                        .as(name + " is printed without a default and has none").isTrue();
                return;
            }
            // read as Spring reads a value the application sets
            Object printed = new Binder(new MapConfigurationPropertySource(Map.of(name, shown)))
                    .bind(name, defaults.getPropertyType(path)).get();
            assertThat(printed).as(name + ": the default printed, `" + shown + "`").isEqualTo(bound);
        });
    }

    @Test
    void every_documented_property_has_a_test_of_its_effect() {
        assertThat(PROOFS.keySet()).as("properties with a test of their effect").isEqualTo(documented().keySet());
        var tests = Arrays.stream(getClass().getDeclaredMethods()).map(java.lang.reflect.Method::getName).collect(Collectors.toSet());
        assertThat(tests).containsAll(PROOFS.values());
    }

    @Test
    void enabled_false_leaves_no_engine() {
        contexts.withPropertyValues("grantor.enabled=false").run(context -> assertThat(context).doesNotHaveBean(Grantor.class));
        contexts.run(context -> assertThat(context).hasSingleBean(Grantor.class));
    }

    @Test
    void migrate_false_refuses_a_schema_without_grantor_s_migrations() {
        contexts.withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(), "grantor.database.migrate=false")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("lacks its migrations"));
    }

    @Test
    void the_mail_sender_and_the_pickup_directory_are_the_ones_set() throws IOException {
        Path elsewhere = TestDatabases.temporaryDirectory("grantor-elsewhere");
        contexts.withPropertyValues("grantor.mail.from=Key Desk <keys@shop.example>", "grantor.mail.pickup-directory=" + elsewhere)
                .run(context -> {
                    var grantor = context.getBean(Grantor.class);
                    String grantId = deliveredGrant(grantor, grantor.access().createBusiness("Shop").get().id());
                    grantor.relay().runOnce();
                    assertThat(Files.readString(elsewhere.resolve(grantId + ".eml"))).containsPattern("(?m)^From: Key Desk <keys@shop.example>");
                });
        try (var written = Files.list(pickup)) {
            assertThat(written).as("nothing in the default context's directory").isEmpty();
        }
    }

    @Test
    void the_relay_and_the_dispatcher_run_as_set() {
        contexts.withPropertyValues("grantor.relay.enabled=true", "grantor.webhooks.enabled=true").run(context -> {
            var grantor = context.getBean(Grantor.class);
            assertThat(grantor.relay().isRunning()).isTrue();
            assertThat(grantor.dispatcher().map(WebhookDispatcher::isRunning)).containsExactly(true);
        });
        contexts.withPropertyValues("grantor.relay.enabled=false", "grantor.webhooks.enabled=false").run(context -> {
            var grantor = context.getBean(Grantor.class);
            assertThat(grantor.relay().isRunning()).isFalse();
            assertThat(grantor.dispatcher()).as("no sender, so no dispatcher").isEmpty();
        });
    }

    /**
     * Two deliveries one after the other to one receiver: kept alive, the second goes over the first one's connection;
     * with {@code 0}, each opens its own.
     */
    @Test
    void the_keep_alive_decides_whether_deliveries_share_a_connection() throws IOException {
        assertThat(connectionsForTwoDeliveries("1m")).isEqualTo(1);
        assertThat(connectionsForTwoDeliveries("0")).isEqualTo(2);
    }

    private int connectionsForTwoDeliveries(String keepAlive) throws IOException {
        var connections = ConcurrentHashMap.<Integer>newKeySet();
        var requests = new java.util.concurrent.atomic.AtomicInteger();
        var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            requests.incrementAndGet();
        });
        receiver.start();
        try {
            var result = new AtomicReference<Integer>();
            contexts.withPropertyValues("grantor.relay.enabled=true", "grantor.webhooks.enabled=true",
                            "grantor.webhooks.keep-alive=" + keepAlive)
                    // loopback is not a public target: the dispatch policy lets this test's receiver be one
                    .withBean(GrantorCustomizer.class, () -> builder -> builder.dispatchPolicy(
                            DispatchPolicy.defaults().withPrivateTargetsAllowed(true).withPollInterval(Duration.ofMillis(50))))
                    .run(context -> {
                        var grantor = context.getBean(Grantor.class);
                        var business = grantor.access().createBusiness("Shop").get().id();
                        grantor.webhooks().create(business, new CreateWebhook("http://127.0.0.1:" + receiver.getAddress().getPort()
                                + "/hooks", null, null, List.of("entitlement_grant.created"), null, null, null)).get();
                        var entitlement = manualEntitlement(grantor, business);
                        for (int order = 1; order <= 2; order++) {
                            issue(grantor, business, entitlement, "pay_" + order);
                            int expected = order;
                            await(() -> requests.get() >= expected, "delivery " + order + " received");
                        }
                        result.set(connections.size());
                    });
            assertThat(result.get()).as("grantor.webhooks.keep-alive=" + keepAlive).isNotNull();
            return result.get();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void the_outbox_age_limit_decides_when_health_is_down() {
        var now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
        for (var limit : List.of("1s", "15m")) {
            contexts.withPropertyValues("grantor.health.outbox-age-limit=" + limit)
                    .withBean(GrantorCustomizer.class, () -> builder -> builder.clock(now::get))
                    .run(context -> {
                        var grantor = context.getBean(Grantor.class);
                        var business = grantor.access().createBusiness("Shop").get().id();
                        issue(grantor, business, manualEntitlement(grantor, business), "pay_1");
                        now.set(now.get().plusSeconds(2));
                        assertThat(context.getBean(GrantorHealthIndicator.class).health().getStatus().getCode())
                                .as("an email waiting 2 s, grantor.health.outbox-age-limit=" + limit)
                                .isEqualTo(limit.equals("1s") ? "DOWN" : "UP");
                    });
        }
    }

    @Test
    void the_signing_kek_wraps_new_signing_keys() {
        String kek = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        contexts.withPropertyValues("grantor.signing-kek=" + kek).run(context ->
                assertThat(sealedKeyAfterARotation(context)).startsWith("aes-256-gcm:"));
    }

    @Test
    void the_api_key_cache_ttl_keeps_a_key_revoked_elsewhere_for_its_time() {
        for (var ttl : List.of("1m", "0")) {
            contexts.withPropertyValues("grantor.api-key-cache-ttl=" + ttl).run(context -> {
                var grantor = context.getBean(Grantor.class);
                var storage = context.getBean(dev.grantor.adapter.persistence.JdbcStorage.class);
                var business = grantor.access().createBusiness("Acme").get().id();
                var key = grantor.access().createApiKey(business, false).get();
                assertThat(grantor.access().authenticate(key.token()).isRight()).isTrue();
                storage.transactions().write(() -> io.vavr.control.Either.right(
                        storage.apiKeys().revoke(business, key.id(), Instant.now())));
                assertThat(grantor.access().authenticate(key.token()).isRight()).as("grantor.api-key-cache-ttl=" + ttl)
                        .isEqualTo(ttl.equals("1m"));
            });
        }
    }

    /**
     * Host 127.0.0.2 is loopback too on Linux, so a server bound to it, and to it alone, is refused on 127.0.0.1; where
     * only 127.0.0.1 answers (macOS without an alias) the host's part is left to the path and port.
     */
    @Test
    void the_api_answers_at_the_path_host_and_port_set() throws Exception {
        int port = freePort();
        boolean secondLoopback = bindable("127.0.0.2");
        String host = secondLoopback ? "127.0.0.2" : "127.0.0.1";
        contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.path=/keys", "grantor.web.host=" + host,
                "grantor.web.port=" + port).run(context -> {
                    assertThat(call("GET", "http://" + host + ":" + port + "/keys/ready", null, null, null).statusCode()).isEqualTo(200);
                    assertThat(call("GET", "http://" + host + ":" + port + "/grantor/ready", null, null, null).statusCode()).isEqualTo(404);
                    if (secondLoopback) {
                        assertThatThrownBy(() -> call("GET", "http://127.0.0.1:" + port + "/keys/ready", null, null, null))
                                .isInstanceOf(ConnectException.class);
                    }
                });
        contexts.run(context -> assertThat(context).doesNotHaveBean(GrantorWebServer.class));
    }

    private static boolean bindable(String address) {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.isBound();
        } catch (IOException unavailable) {
            return false;
        }
    }

    @Test
    void the_merchant_rate_limit_refuses_past_its_rate() {
        for (var limit : List.of(1, 50)) {
            contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.rate-limit=" + limit)
                    .run(context -> {
                        var grantor = context.getBean(Grantor.class);
                        String token = grantor.access().createApiKey(grantor.access().createBusiness("Shop").get().id(), false)
                                .get().token();
                        String url = "http://127.0.0.1:" + context.getBean(GrantorWebServer.class).port() + "/grantor/entitlements";
                        var statuses = new ArrayList<Integer>();
                        for (int i = 0; i < 5; i++) {
                            statuses.add(call("GET", url, token, null, null).statusCode());
                        }
                        // a burst of twice the rate passes; past it, a quick run is refused
                        assertThat(statuses.subList(0, 2)).as("grantor.web.rate-limit=" + limit).containsOnly(200);
                        assertThat(statuses.contains(429)).as("grantor.web.rate-limit=" + limit + ": " + statuses)
                                .isEqualTo(limit == 1);
                    });
        }
    }

    /**
     * {@code /licenses/*} counts each client apart: behind a trusted proxy the client is the one X-Forwarded-For names,
     * so a second client still gets through when the first has used its burst; from a proxy not trusted the header is
     * ignored and both are the proxy.
     */
    @Test
    void the_license_rate_limit_counts_each_client_the_trusted_proxies_name() {
        for (boolean trusted : List.of(true, false)) {
            var properties = new ArrayList<>(List.of("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.license-rate-limit=1"));
            if (trusted) {
                properties.add("grantor.web.trusted-proxies=127.0.0.0/8");
            }
            contexts.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
                String url = "http://127.0.0.1:" + context.getBean(GrantorWebServer.class).port() + "/grantor/licenses/validate";
                var first = new ArrayList<Integer>();
                for (int i = 0; i < 3; i++) {
                    first.add(call("POST", url, null, "203.0.113.1", "{\"license_key\":\"NO-SUCH-KEY\"}").statusCode());
                }
                assertThat(first.subList(0, 2)).as("one client, a burst of 2").doesNotContain(429);
                assertThat(first.get(2)).as("one client past its burst").isEqualTo(429);
                int second = call("POST", url, null, "203.0.113.2", "{\"license_key\":\"NO-SUCH-KEY\"}").statusCode();
                assertThat(second == 429).as("another client behind a proxy " + (trusted ? "trusted" : "not trusted"))
                        .isEqualTo(!trusted);
            });
        }
    }

    /** Unknown keys from many clients: the per-address limit is set out of the way, so only the budget counts. */
    @Test
    void the_license_failure_limit_answers_429_past_a_minute_of_failures() {
        for (var limit : List.of(1, 10)) {
            contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.license-rate-limit=100000",
                    "grantor.web.license-failure-limit=" + limit).run(context -> {
                        String url = "http://127.0.0.1:" + context.getBean(GrantorWebServer.class).port() + "/grantor/licenses/validate";
                        var statuses = new ArrayList<Integer>();
                        for (int i = 0; i < 90; i++) {
                            statuses.add(call("POST", url, null, null, "{\"license_key\":\"NO-SUCH-KEY-" + i + "\"}").statusCode());
                        }
                        assertThat(statuses.subList(0, 50)).as("within a minute's worth").doesNotContain(429);
                        assertThat(statuses.contains(429)).as("90 failed checks, grantor.web.license-failure-limit=" + limit)
                                .isEqualTo(limit == 1);
                    });
        }
    }

    /** A disabled key of one business, checked again and again: each check fails, and spends that business's budget. */
    @Test
    void the_per_business_failure_limit_answers_429_past_a_minute_of_one_business_s_failures() {
        for (var limit : List.of(1, 5)) {
            contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.license-rate-limit=100000",
                    "grantor.web.license-failure-limit-per-business=" + limit).run(context -> {
                        var grantor = context.getBean(Grantor.class);
                        var business = grantor.access().createBusiness("Shop").get().id();
                        String grantId = issue(grantor, business, manualEntitlement(grantor, business), "pay_1");
                        String keyId = grantor.fulfillment().fulfillLicenseKey(business, grantId,
                                new FulfillLicenseKey("SHOP-KEY-" + limit, null, null)).get().licenseKey().get().id().value();
                        grantor.licenseKeys().update(business, keyId, new dev.grantor.application.port.in.LicenseKeyManagement
                                .UpdateLicenseKey(null, false, true, null, false)).get();
                        String url = "http://127.0.0.1:" + context.getBean(GrantorWebServer.class).port() + "/grantor/licenses/validate";
                        var statuses = new ArrayList<Integer>();
                        for (int i = 0; i < 90; i++) {
                            statuses.add(call("POST", url, null, null, "{\"license_key\":\"SHOP-KEY-" + limit + "\"}").statusCode());
                        }
                        assertThat(statuses.subList(0, 50)).as("within a minute's worth").containsOnly(200);
                        assertThat(statuses.contains(429)).as("90 checks of a disabled key, per business limit " + limit)
                                .isEqualTo(limit == 1);
                    });
        }
    }

    /** Header lines sent one every 200 ms: past the timeout the API ends the request, within it it keeps reading. */
    @Test
    void the_header_timeout_ends_a_request_whose_headers_trickle_past_it() {
        for (var timeout : List.of("1s", "10s")) {
            contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.header-timeout=" + timeout)
                    .run(context -> assertThat(endedWhileTrickling(context.getBean(GrantorWebServer.class).port(), Duration.ofMillis(2_500)))
                            .as("headers trickling for 2.5 s, grantor.web.header-timeout=" + timeout).isEqualTo(timeout.equals("1s")));
        }
    }

    private static boolean endedWhileTrickling(int port, Duration during) throws IOException {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(200);
            var out = socket.getOutputStream();
            out.write("GET /grantor/ready HTTP/1.1\r\nHost: localhost\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long until = System.nanoTime() + during.toNanos();
            while (System.nanoTime() < until) {
                try {
                    out.write("X-Slow: 1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    socket.getInputStream().read();
                    // an answer (408) or the end of the stream, before the headers were done
                    return true;
                } catch (java.net.SocketTimeoutException stillReading) {
                    // nothing from the server yet: it is still waiting for the headers
                } catch (IOException reset) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void portal_links_open_the_public_url() {
        for (var publicUrl : new String[] {"https://keys.shop.example", null}) {
            var properties = new ArrayList<>(List.of("grantor.web.enabled=true", "grantor.web.port=0"));
            if (publicUrl != null) {
                properties.add("grantor.web.public-url=" + publicUrl);
            }
            contexts.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
                var grantor = context.getBean(Grantor.class);
                var business = grantor.access().createBusiness("Shop").get().id();
                String token = grantor.access().createApiKey(business, false).get().token();
                String customer = grantor.issuing().issue(business, manualEntitlement(grantor, business),
                        new IssueGrant(new CustomerContact(null, "pat@example.com", null), "pay_1", null, null))
                        .get().grant().grant().customerId().value();
                var session = call("POST", "http://127.0.0.1:" + context.getBean(GrantorWebServer.class).port()
                        + "/grantor/customers/" + customer + "/customer-portal/session", token, null, "");
                if (publicUrl == null) {
                    assertThat(session.statusCode()).isEqualTo(404);
                } else {
                    assertThat(session.body()).startsWith("{\"link\":\"https://keys.shop.example/portal/link/");
                }
            });
        }
    }

    /**
     * What the page says of {@code grantor serve}'s variables: Spring reads the three whose names happen to be the
     * starter's, with the same meaning (a bare number of milliseconds for the TTL, as serve takes it), and none of the
     * others, whose names in the environment are {@code GRANTOR_WEB_...}.
     */
    @Test
    void of_grantor_serve_s_variables_the_starter_reads_the_three_the_page_names() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(
                        "GRANTOR_MAIL_FROM", "Key Desk <keys@shop.example>", "GRANTOR_API_KEY_CACHE_TTL", "250",
                        "GRANTOR_SIGNING_KEK", "a-kek", "GRANTOR_PUBLIC_URL", "https://keys.shop.example",
                        "GRANTOR_RATE_LIMIT", "7", "GRANTOR_LICENSE_RATE_LIMIT", "3", "GRANTOR_WEBHOOK_KEEP_ALIVE", "0",
                        "GRANTOR_PORT", "9999", "GRANTOR_TRUSTED_PROXIES", "10.0.0.0/8"));
        var bound = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment))
                .bindOrCreate("grantor", GrantorProperties.class);

        assertThat(bound.getMail().getFrom()).isEqualTo("Key Desk <keys@shop.example>");
        assertThat(bound.getApiKeyCacheTtl()).isEqualTo(Duration.ofMillis(250));
        assertThat(bound.getSigningKek()).isEqualTo("a-kek");
        var defaults = new GrantorProperties();
        assertThat(bound.getWeb()).usingRecursiveComparison().isEqualTo(defaults.getWeb());
        assertThat(bound.getWebhooks()).usingRecursiveComparison().isEqualTo(defaults.getWebhooks());

        var named = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(
                        "GRANTOR_WEB_PUBLIC_URL", "https://keys.shop.example", "GRANTOR_WEB_RATE_LIMIT", "7"));
        var web = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(named))
                .bindOrCreate("grantor", GrantorProperties.class).getWeb();
        assertThat(web.getPublicUrl()).isEqualTo("https://keys.shop.example");
        assertThat(web.getRateLimit()).isEqualTo(7);
    }

    /** The page's table: each name with the default printed for it, or null where the page says there is none. */
    private static Map<String, String> documented() {
        String page;
        try {
            page = Files.readString(Path.of("..", "docs", "spring-boot.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var found = new LinkedHashMap<String, String>();
        var rows = ROW.matcher(page);
        while (rows.find()) {
            var names = codes(rows.group(1));
            String defaults = rows.group(2).strip();
            var values = codes(defaults);
            boolean none = defaults.equals("none") || defaults.endsWith("else none");
            assertThat(none || values.size() == names.size()).as("a default printed for each of " + names).isTrue();
            for (int i = 0; i < names.size(); i++) {
                found.put(names.get(i), none ? null : values.get(i));
            }
        }
        assertThat(found).as("the property table of docs/spring-boot.md").hasSizeGreaterThan(10);
        return found;
    }

    private static List<String> codes(String cell) {
        var codes = new ArrayList<String>();
        var code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    private static JsonNode metadata() throws IOException {
        try (var in = DocumentedPropertiesTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String propertyPath(String name) {
        return Arrays.stream(name.substring("grantor.".length()).split("\\.")).map(part -> {
            var words = part.split("-");
            var camel = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return camel.toString();
        }).collect(Collectors.joining("."));
    }

    private static String manualEntitlement(Grantor grantor, BusinessId business) {
        return grantor.entitlements().create(business, new CreateEntitlement("Shop Pro",
                LicenseKeyConfig.manual(), null, null)).get().id().value();
    }

    private static String issue(Grantor grantor, BusinessId business, String entitlement, String payment) {
        return grantor.issuing().issue(business, entitlement, new IssueGrant(new CustomerContact(null, "pat@example.com", null),
                payment, null, null)).get().grant().grant().id().value();
    }

    private static String deliveredGrant(Grantor grantor, BusinessId business) {
        String grantId = issue(grantor, business, manualEntitlement(grantor, business), "pay_1");
        grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("SHOP-KEY-1", null, null)).get();
        return grantId;
    }

    private static String sealedKeyAfterARotation(ApplicationContext context) throws SQLException {
        var grantor = context.getBean(Grantor.class);
        assertThat(grantor.signingKeys().rotate(grantor.access().createBusiness("Acme").get().id()).isRight()).isTrue();
        try (var connection = context.getBean(DataSource.class).getConnection();
             var rows = connection.createStatement().executeQuery("SELECT sealed_private_key FROM signing_keys")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static HttpResponse<String> call(String method, String url, String token, String forwardedFor, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (body != null && !body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
