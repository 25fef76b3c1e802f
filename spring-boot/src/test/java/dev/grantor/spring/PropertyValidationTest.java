package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

/**
 * A bad {@code grantor.*} value stops the start-up, before any of Grantor's beans is made, with the property it
 * came from and why; the defaults and the documented bounds start.
 */
class PropertyValidationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(),
                    "grantor.mail.pickup-directory=" + TestDatabases.temporaryDirectory("grantor-pickup"));

    @Test
    void each_bad_value_is_refused_at_start_up_naming_its_property() {
        String[][] cases = {
                {"grantor.mail.from=not an address", "mail.from", "not a sender address"},
                {"grantor.api-key-cache-ttl=5m", "apiKeyCacheTtl", "0 to 60000 ms"},
                {"grantor.api-key-cache-ttl=-1s", "apiKeyCacheTtl", "0 to 60000 ms"},
                {"grantor.webhooks.keep-alive=10m", "webhooks.keepAlive", "0..300 seconds"},
                {"grantor.webhooks.keep-alive=-1s", "webhooks.keepAlive", "0..300 seconds"},
                {"grantor.health.outbox-age-limit=-1s", "health.outboxAgeLimit", "longer than 0"},
                {"grantor.health.outbox-age-limit=0", "health.outboxAgeLimit", "longer than 0"},
                {"grantor.web.port=70000", "web.port", "0 (a free port) to 65535"},
                {"grantor.web.port=-1", "web.port", "0 (a free port) to 65535"},
                {"grantor.web.rate-limit=0", "web.rateLimit", "at least 1"},
                {"grantor.web.license-rate-limit=-5", "web.licenseRateLimit", "at least 1"},
                {"grantor.web.license-failure-limit=0", "web.licenseFailureLimit", "at least 1 failed check a second"},
                {"grantor.web.license-failure-limit-per-business=-1", "web.licenseFailureLimitPerBusiness", "at least 1 failed check"},
                {"grantor.web.header-timeout=0", "web.headerTimeout", "longer than 0"},
                {"grantor.web.header-timeout=-2s", "web.headerTimeout", "longer than 0"},
                {"grantor.web.path=grantor", "web.path", "must start with /"},
                {"grantor.web.host= ", "web.host", "REST settings"},
                {"grantor.web.trusted-proxies=10.0.0.0/8,not-an-ip", "web.trustedProxies", "'not-an-ip' is not an IP address"},
                {"grantor.web.public-url=ftp://shop.example", "web.publicUrl", "must be an absolute http(s) URL"},
                {"grantor.web.public-url=shop.example/grantor", "web.publicUrl", "must be an absolute http(s) URL"},
                {"grantor.signing-kek=not base64!", "signingKek", "32 random bytes in base64"},
                {"grantor.signing-kek=AAAA", "signingKek", "32 bytes in base64, not 3"},
        };
        for (var c : cases) {
            contexts.withPropertyValues(c[0], "grantor.web.enabled=true").run(context -> {
                assertThat(context).as(c[0]).hasFailed();
                var failure = rootCause(context.getStartupFailure());
                assertThat(failure).as(c[0]).isInstanceOf(BindValidationException.class);
                var errors = ((BindValidationException) failure).getValidationErrors();
                assertThat(errors.getName().toString()).isEqualTo("grantor");
                assertThat(errors.getAllErrors()).as(c[0]).singleElement().satisfies(error -> {
                    assertThat(((FieldError) error).getField()).isEqualTo(c[1]);
                    assertThat(error.getDefaultMessage()).contains(c[2]);
                });
            });
        }
    }

    @Test
    void the_defaults_and_the_documented_bounds_start() {
        contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0").run(context -> assertThat(context).hasNotFailed());
        contexts.withPropertyValues("grantor.api-key-cache-ttl=1m", "grantor.webhooks.keep-alive=5m",
                "grantor.web.rate-limit=1", "grantor.web.license-failure-limit=1", "grantor.web.license-failure-limit-per-business=1",
                "grantor.web.header-timeout=1ms", "grantor.health.outbox-age-limit=1s", "grantor.web.port=65535",
                "grantor.web.trusted-proxies=10.0.0.0/8,::1", "grantor.web.public-url=https://grantor.example").run(context -> assertThat(context).hasNotFailed());
        contexts.withPropertyValues("grantor.api-key-cache-ttl=0", "grantor.webhooks.keep-alive=0").run(context -> assertThat(context).hasNotFailed());
    }

    /** A port another process holds, and a host that does not resolve (bare "UnresolvedAddressException: null" before). */
    @Test
    void an_address_the_api_cannot_listen_on_is_named_with_its_properties() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=" + taken.getLocalPort()).run(context ->
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("Grantor's REST API cannot listen on 127.0.0.1:"
                            + taken.getLocalPort() + " (grantor.web.host, grantor.web.port)").hasStackTraceContaining("already in use"));
        }
        contexts.withPropertyValues("grantor.web.enabled=true", "grantor.web.port=0", "grantor.web.host=no-such-host.invalid").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "Grantor's REST API cannot listen on no-such-host.invalid:0 (grantor.web.host, grantor.web.port): ")
                        .hasStackTraceContaining("UnresolvedAddressException"));
    }

    @Test
    void nothing_is_checked_when_grantor_is_off() {
        contexts.withPropertyValues("grantor.enabled=false", "grantor.web.port=-1").run(context -> assertThat(context).hasNotFailed());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof BindValidationException)) {
            t = t.getCause();
        }
        return t;
    }
}
