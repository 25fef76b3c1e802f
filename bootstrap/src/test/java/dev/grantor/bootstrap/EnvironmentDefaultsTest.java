package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EnvironmentDefaultsTest {

    static ServeCommand parsedServe(Map<String, String> environment, String... args) {
        CommandLine cli = GrantorCli.commandLine(environment);
        var parsed = cli.parseArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of("serve"), java.util.Arrays.stream(args))
                .toArray(String[]::new));
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void every_option_has_a_grantor_variable_named_after_it() {
        assertThat(EnvironmentDefaults.variableFor("--db-url")).isEqualTo("GRANTOR_DB_URL");
        assertThat(EnvironmentDefaults.variableFor("--smtp-tls")).isEqualTo("GRANTOR_SMTP_TLS");
        assertThat(EnvironmentDefaults.variableFor("--mail-from")).isEqualTo("GRANTOR_MAIL_FROM");
    }

    @Test
    void every_option_of_serve_can_come_from_the_environment() {
        var serve = GrantorCli.commandLine(Map.of()).getSubcommands().get("serve").getCommandSpec();
        var options = serve.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).map(o -> o.longestName()).toList();

        assertThat(EnvironmentDefaults.CONFIGURATION).containsAll(options);
        assertThat(parsedServe(Map.of("GRANTOR_PUBLIC_URL", "https://grantor.example.com")).settings().publicUrl())
                .as("GRANTOR_PUBLIC_URL, as the README documents it").contains(java.net.URI.create("https://grantor.example.com"));
    }

    @Test
    void without_options_or_environment_the_service_listens_on_loopback_8080_with_the_embedded_defaults() {
        var settings = parsedServe(Map.of()).settings();
        assertThat(settings.rest().host()).isEqualTo("127.0.0.1");
        assertThat(settings.rest().port()).isEqualTo(8080);
        assertThat(settings.database().dataDir()).isEqualTo(Path.of("./grantor-data"));
        assertThat(settings.database().url().isEmpty()).isTrue();
        assertThat(settings.mail().smtp().isEmpty()).isTrue();
        assertThat(settings.mail().sender().toString()).isEqualTo("Grantor <no-reply@localhost>");
        assertThat(settings.relay()).isTrue();
        assertThat(settings.dispatchPolicy().privateTargetsAllowed()).as("webhooks reach public addresses only").isFalse();
        assertThat(settings.dispatchPolicy().maxEndpointsPerBusiness()).isEqualTo(20);
        assertThat(settings.relayPolicy().window()).isEqualTo(java.time.Duration.ofMillis(50));
    }

    @Test
    void the_relay_window_is_set_in_milliseconds_and_bounded() {
        assertThat(parsedServe(Map.of("GRANTOR_RELAY_WINDOW", "0")).settings().relayPolicy().window()).isZero();
        assertThat(parsedServe(Map.of(), "--relay-window", "250").settings().relayPolicy().window())
                .isEqualTo(java.time.Duration.ofMillis(250));
        for (String outOfBounds : new String[] {"-1", "1001"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--relay-window", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--relay-window must be in 0..1000 milliseconds");
        }
    }

    @Test
    void sent_messages_are_kept_thirty_days_unless_told_otherwise_in_days_and_zero_keeps_them_for_good() {
        assertThat(parsedServe(Map.of()).settings().relayPolicy().keepSent())
                .contains(java.time.Duration.ofDays(30)).contains(dev.grantor.application.outbox.RelayPolicy.DEFAULT_KEEP_SENT);
        assertThat(parsedServe(Map.of("GRANTOR_KEEP_SENT_DAYS", "0")).settings().relayPolicy().keepSent()).isEmpty();
        assertThat(parsedServe(Map.of("GRANTOR_KEEP_SENT_DAYS", "0"), "--keep-sent-days", "90").settings().relayPolicy()
                .keepSent()).as("the command line wins").contains(java.time.Duration.ofDays(90));
        assertThat(parsedServe(Map.of(), "--keep-sent-days", "36500", "--relay-window", "0").settings().relayPolicy())
                .satisfies(policy -> {
                    assertThat(policy.keepSent()).contains(java.time.Duration.ofDays(36_500));
                    assertThat(policy.window()).as("one option does not undo another").isZero();
                });
        for (String outOfBounds : new String[] {"-1", "36501"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--keep-sent-days", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--keep-sent-days must be in 0..36500 (0 keeps sent messages for good)");
        }
    }

    @Test
    void finished_webhook_deliveries_are_kept_thirty_days_unless_told_otherwise_apart_from_sent_messages() {
        assertThat(parsedServe(Map.of()).settings().dispatchPolicy().keepFinished())
                .contains(java.time.Duration.ofDays(30))
                .contains(dev.grantor.application.webhook.DispatchPolicy.DEFAULT_KEEP_FINISHED);
        assertThat(parsedServe(Map.of("GRANTOR_KEEP_WEBHOOK_DELIVERIES_DAYS", "0")).settings().dispatchPolicy().keepFinished())
                .isEmpty();
        assertThat(parsedServe(Map.of("GRANTOR_KEEP_WEBHOOK_DELIVERIES_DAYS", "0"), "--keep-webhook-deliveries-days", "7")
                .settings()).satisfies(settings -> {
                    assertThat(settings.dispatchPolicy().keepFinished()).as("the command line wins")
                            .contains(java.time.Duration.ofDays(7));
                    assertThat(settings.relayPolicy().keepSent()).as("the outbox keeps its own")
                            .contains(java.time.Duration.ofDays(30));
                });
        assertThat(parsedServe(Map.of(), "--keep-webhook-deliveries-days", "365", "--webhook-allow-private").settings()
                .dispatchPolicy()).satisfies(policy -> {
                    assertThat(policy.keepFinished()).contains(java.time.Duration.ofDays(365));
                    assertThat(policy.privateTargetsAllowed()).as("one option does not undo another").isTrue();
                });
        for (String outOfBounds : new String[] {"-1", "36501"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--keep-webhook-deliveries-days", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--keep-webhook-deliveries-days must be in 0..36500 (0 keeps finished deliveries for good)");
        }
    }

    @Test
    void the_api_key_cache_ttl_is_the_engine_s_default_set_in_milliseconds_and_bounded(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        assertThat(parsedServe(Map.of()).settings().apiKeyCacheTtl())
                .isEqualTo(java.time.Duration.ofSeconds(1)).isEqualTo(dev.grantor.application.Grantor.DEFAULT_API_KEY_CACHE_TTL);
        assertThat(parsedServe(Map.of("GRANTOR_API_KEY_CACHE_TTL", "0")).settings().apiKeyCacheTtl()).isZero();
        assertThat(parsedServe(Map.of("GRANTOR_API_KEY_CACHE_TTL", "0"), "--api-key-cache-ttl", "60000").settings().apiKeyCacheTtl())
                .as("the command line wins").isEqualTo(java.time.Duration.ofMinutes(1));
        for (String outOfBounds : new String[] {"-1", "60001"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--api-key-cache-ttl", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--api-key-cache-ttl must be in 0..60000 milliseconds");
        }
        var fromTheEnvironment = Cli.run(Map.of("GRANTOR_API_KEY_CACHE_TTL", "60001"), "serve", "--data-dir", dataDir.toString());
        CliErrorsTest.assertOneLineFailure(fromTheEnvironment, GrantorCli.USAGE,
                "GRANTOR_API_KEY_CACHE_TTL must be in 0..60000 milliseconds");
    }

    @Test
    void the_webhook_keep_alive_is_the_sender_s_default_set_in_milliseconds_and_bounded(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        assertThat(parsedServe(Map.of()).settings().webhookKeepIdle())
                .isEqualTo(java.time.Duration.ofSeconds(4)).isEqualTo(dev.grantor.adapter.webhooks.WebhookSenderSettings.DEFAULT_KEEP_IDLE);
        assertThat(parsedServe(Map.of("GRANTOR_WEBHOOK_KEEP_ALIVE", "0")).settings().webhookKeepIdle()).isZero();
        assertThat(parsedServe(Map.of("GRANTOR_WEBHOOK_KEEP_ALIVE", "0"), "--webhook-keep-alive", "300000").settings()
                .webhookKeepIdle()).as("the command line wins").isEqualTo(java.time.Duration.ofMinutes(5));
        for (String outOfBounds : new String[] {"-1", "300001"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--webhook-keep-alive", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--webhook-keep-alive must be in 0..300000 milliseconds");
        }
        var fromTheEnvironment = Cli.run(Map.of("GRANTOR_WEBHOOK_KEEP_ALIVE", "-5"), "serve", "--data-dir", dataDir.toString());
        CliErrorsTest.assertOneLineFailure(fromTheEnvironment, GrantorCli.USAGE,
                "GRANTOR_WEBHOOK_KEEP_ALIVE must be in 0..300000 milliseconds");
    }

    @Test
    void the_pool_size_comes_from_the_option_or_the_environment_reaches_the_pool_and_is_bounded(@org.junit.jupiter.api.io.TempDir Path dataDir) {
        assertThat(parsedServe(Map.of()).settings().database().poolSize())
                .isEqualTo(dev.grantor.adapter.persistence.StorageSettings.DEFAULT_POOL_SIZE).isEqualTo(10);
        assertThat(parsedServe(Map.of("GRANTOR_DB_POOL_SIZE", "24")).settings().database().poolSize()).isEqualTo(24);
        assertThat(parsedServe(Map.of("GRANTOR_DB_POOL_SIZE", "24"), "--db-pool-size", "2").settings().database().poolSize())
                .as("the command line wins").isEqualTo(2);
        var settings = parsedServe(Map.of(), "--db-pool-size", "2", "--data-dir", dataDir.toString()).settings().database();
        try (var deployment = Deployment.open(settings)) {
            assertThat(deployment.storage().poolStats().maximum()).as("the pool itself, not only the setting").isEqualTo(2);
        }
        for (String outOfBounds : new String[] {"1", "0", "-1", "501"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--db-pool-size", outOfBounds).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--db-pool-size: the pool size must be between 2 and 500, not "
                            + outOfBounds);
        }
        var fromTheEnvironment = Cli.run(Map.of("GRANTOR_DB_POOL_SIZE", "0"), "serve", "--data-dir", dataDir.toString());
        CliErrorsTest.assertOneLineFailure(fromTheEnvironment, GrantorCli.USAGE,
                "GRANTOR_DB_POOL_SIZE: the pool size must be between 2 and 500, not 0");
    }

    @Test
    void the_license_failure_budgets_come_from_the_options_or_the_environment_with_a_minute_of_bursts() {
        var defaults = parsedServe(Map.of()).settings().rest();
        assertThat(defaults.licenseFailureBudget()).isEqualTo(new dev.grantor.adapter.rest.RestSettings.RateLimit(600, 10));
        assertThat(defaults.licenseFailureBudgetPerBusiness()).isEqualTo(new dev.grantor.adapter.rest.RestSettings.RateLimit(300, 5));
        var set = parsedServe(Map.of("GRANTOR_LICENSE_FAILURE_LIMIT_PER_BUSINESS", "0.5"), "--license-failure-limit", "20")
                .settings().rest();
        assertThat(set.licenseFailureBudget()).isEqualTo(new dev.grantor.adapter.rest.RestSettings.RateLimit(1200, 20));
        assertThat(set.licenseFailureBudgetPerBusiness()).isEqualTo(new dev.grantor.adapter.rest.RestSettings.RateLimit(30, 0.5));
        for (String notPositive : new String[] {"0", "-1", "Infinity"}) {
            assertThatThrownBy(() -> parsedServe(Map.of(), "--license-failure-limit-per-business", notPositive).settings())
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--license-failure-limit-per-business must be positive");
        }
    }

    @Test
    void trusted_proxies_are_none_unless_the_option_or_the_environment_names_them_and_a_malformed_one_is_refused(
            @org.junit.jupiter.api.io.TempDir Path dataDir) {
        var loopback = java.net.InetAddress.getLoopbackAddress();
        assertThat(parsedServe(Map.of()).settings().rest().trustedProxies().isEmpty()).isTrue();
        assertThat(parsedServe(Map.of("GRANTOR_TRUSTED_PROXIES", "10.0.0.0/8")).settings().rest().trustedProxies()
                .trusts(dev.grantor.adapter.rest.RestSettings.TrustedProxies.literal("10.9.8.7").get())).isTrue();
        var set = parsedServe(Map.of("GRANTOR_TRUSTED_PROXIES", "10.0.0.0/8"), "--trusted-proxies", "10.0.0.0/8,127.0.0.1")
                .settings().rest().trustedProxies();
        assertThat(set.trusts(loopback)).as("the command line wins").isTrue();
        assertThat(set.trusts(dev.grantor.adapter.rest.RestSettings.TrustedProxies.literal("192.168.0.1").get())).isFalse();
        assertThatThrownBy(() -> parsedServe(Map.of(), "--trusted-proxies", "10.0.0.0/8,proxy.internal").settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--trusted-proxies: 'proxy.internal' is not an IP address or CIDR block (such as 10.0.0.0/8, "
                        + "127.0.0.1 or 2001:db8::/32)");
        CliErrorsTest.assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--trusted-proxies", "10.0.0.1/8"),
                GrantorCli.USAGE, "--trusted-proxies: '10.0.0.1/8' has bits set past its /8; the block is 10.0.0.0/8");
        CliErrorsTest.assertOneLineFailure(Cli.run(Map.of("GRANTOR_TRUSTED_PROXIES", "10.0.0.0/33"), "serve", "--data-dir",
                dataDir.toString()), GrantorCli.USAGE, "GRANTOR_TRUSTED_PROXIES: '10.0.0.0/33' needs a prefix length of 0..32");
        assertThat(dataDir).as("refused before it opens a database").isEmptyDirectory();
    }

    @Test
    void the_environment_sets_what_the_command_line_leaves_out() {
        var settings = parsedServe(Map.ofEntries(Map.entry("GRANTOR_HOST", "0.0.0.0"), Map.entry("GRANTOR_PORT", "9090"),
                Map.entry("GRANTOR_DATA_DIR", "/var/lib/grantor"), Map.entry("GRANTOR_DB_URL", "jdbc:postgresql://db/grantor"),
                Map.entry("GRANTOR_DB_USER", "app"), Map.entry("GRANTOR_DB_PASSWORD", "pw"),
                Map.entry("GRANTOR_SMTP_HOST", "smtp.example.com"), Map.entry("GRANTOR_SMTP_PORT", "587"),
                Map.entry("GRANTOR_SMTP_TLS", "starttls"), Map.entry("GRANTOR_MAIL_FROM", "Shop <keys@shop.example>"),
                Map.entry("GRANTOR_NO_RELAY", "true"), Map.entry("GRANTOR_WEBHOOK_ALLOW_PRIVATE", "true"),
                Map.entry("GRANTOR_WEBHOOK_MAX_ENDPOINTS", "3"))).settings();
        assertThat(settings.rest().host()).isEqualTo("0.0.0.0");
        assertThat(settings.rest().port()).isEqualTo(9090);
        assertThat(settings.database().dataDir()).isEqualTo(Path.of("/var/lib/grantor"));
        assertThat(settings.database().url().get()).isEqualTo("jdbc:postgresql://db/grantor");
        assertThat(settings.database().user().get()).isEqualTo("app");
        assertThat(settings.mail().smtp().get().host()).isEqualTo("smtp.example.com");
        assertThat(settings.mail().smtp().get().port()).isEqualTo(587);
        assertThat(settings.mail().smtp().get().security()).isEqualTo(dev.grantor.adapter.mail.SmtpSettings.Security.STARTTLS);
        assertThat(settings.mail().sender().address()).isEqualTo("keys@shop.example");
        assertThat(settings.relay()).isFalse();
        assertThat(settings.dispatchPolicy().privateTargetsAllowed()).isTrue();
        assertThat(settings.dispatchPolicy().maxEndpointsPerBusiness()).isEqualTo(3);
    }

    @Test
    void the_command_line_wins_over_the_environment() {
        var settings = parsedServe(Map.of("GRANTOR_PORT", "9090"), "--port", "7070").settings();
        assertThat(settings.rest().port()).isEqualTo(7070);
    }

    @Test
    void a_bare_smtp_tls_flag_means_starttls() {
        var settings = parsedServe(Map.of(), "--smtp-host", "smtp.example.com", "--smtp-tls", "--mail-from",
                "Shop <keys@shop.example>").settings();
        assertThat(settings.mail().smtp().get().security()).isEqualTo(dev.grantor.adapter.mail.SmtpSettings.Security.STARTTLS);
    }

    @Test
    void a_variable_named_like_a_non_configuration_option_is_ignored() {
        var cli = GrantorCli.commandLine(Map.of("GRANTOR_NAME", "Stray"));
        assertThatThrownBy(() -> cli.parseArgs("businesses", "create"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--name");
    }

    @Test
    void every_command_answers_help_with_its_options_and_their_variables() {
        var serve = Cli.run("serve", "--help");
        assertThat(serve.exitCode()).isZero();
        assertThat(serve.out()).contains("--db-url").contains("GRANTOR_DB_URL").contains("--no-relay");
        for (String[] command : new String[][] {{"businesses", "create"}, {"api-keys", "create"}, {"migrate"}, {"outbox", "list"},
                {"outbox", "retry"}, {"outbox", "send-now"}, {"bench"}}) {
            var help = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new));
            assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(help.out()).startsWith("Usage: grantor " + String.join(" ", command));
        }
    }
}
