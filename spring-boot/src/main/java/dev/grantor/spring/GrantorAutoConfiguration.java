package dev.grantor.spring;

import dev.grantor.adapter.mail.DeliveryMeters;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.persistence.HostTransactions;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.rest.RestApi.PortalSessions;
import dev.grantor.adapter.rest.RestApi.UseCases;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.signing.PrivateKeySeal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vavr.control.Option;
import java.time.InstantSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Grantor in a Spring Boot application: the engine on the application's {@code DataSource} (migrated into its
 * own history table, its units joining the application's transactions), mail through the application's
 * {@code JavaMailSender} or else a pickup directory, meters and health on the application's actuator, the relay
 * and the webhook dispatcher in the application's lifecycle, and, when {@code grantor.web.enabled}, the REST API.
 * Every bean backs off when the application defines its own; {@code grantor.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "grantor", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(GrantorProperties.class)
@Import({GrantorAutoConfiguration.Metrics.class, GrantorAutoConfiguration.HealthContribution.class,
        GrantorAutoConfiguration.Web.class})
public class GrantorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HostTransactions grantorHostTransactions(DataSource dataSource) {
        return new SpringHostTransactions(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    JdbcStorage grantorStorage(DataSource dataSource, HostTransactions hostTransactions, GrantorProperties properties) {
        var storage = SqlitePragmas.storageOn(dataSource, hostTransactions);
        if (properties.getDatabase().isMigrate()) {
            storage.migrate();
        } else {
            var pending = storage.pendingMigrations();
            if (!pending.isEmpty()) {
                throw new IllegalStateException("Grantor's schema on the application's DataSource lacks its migrations "
                        + pending + " (grantor.database.migrate=false): apply them (db/migration/" + storage.databaseKind()
                        + ", history table " + JdbcStorage.SHARED_HISTORY_TABLE + ") or set grantor.database.migrate=true");
            }
        }
        return storage;
    }

    /**
     * Sends webhook deliveries over HTTP when this application runs the dispatcher. Without a sender the engine still
     * records deliveries (another node sends them). Closed after the engine, which depends on it.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(WebhookSender.class)
    @ConditionalOnProperty(prefix = "grantor.webhooks", name = "enabled", havingValue = "true", matchIfMissing = true)
    HttpWebhookSender grantorWebhookSender(GrantorProperties properties) {
        return new HttpWebhookSender(WebhookSenderSettings.defaults().withKeepIdle(properties.getWebhooks().getKeepAlive()));
    }

    /**
     * Events always fan out to the business's webhook endpoints; an {@link EventSink} bean of the application also
     * receives each one, after the webhooks recorded it. Several event sinks or webhook senders without a
     * {@code @Primary} one stop the start-up: taking none of them would drop every event or webhook unseen.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Grantor grantor(JdbcStorage storage, Mailer mailer, ObjectProvider<EventSink> eventSink,
                    ObjectProvider<WebhookSender> webhookSender, ObjectProvider<DeliveryMetrics> metrics,
                    ObjectProvider<GrantorCustomizer> customizers, GrantorProperties properties, Environment environment) {
        var builder = Grantor.builder().storage(storage).mailer(mailer).eventSink(eventSink.getIfAvailable())
                .apiKeyCacheTtl(properties.getApiKeyCacheTtl())
                .signingKeySeal(signingKeySeal(properties, environment))
                .webhookSender(webhookSender.getIfAvailable())
                .metrics(metrics.getIfAvailable(() -> DeliveryMetrics.NONE));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** The property, else the variable {@code grantor serve} reads, so that one deployment's setting serves both. */
    private static PrivateKeySeal signingKeySeal(GrantorProperties properties, Environment environment) {
        if (properties.getSigningKek() != null) {
            return PrivateKeySeal.wrappingWithBase64(properties.getSigningKek());
        }
        String variable = environment.getProperty(SIGNING_KEK_VARIABLE);
        if (variable == null || variable.isBlank()) {
            return PrivateKeySeal.unwrapped();
        }
        try {
            return PrivateKeySeal.wrappingWithBase64(variable);
        } catch (IllegalArgumentException refused) {
            throw new IllegalStateException(SIGNING_KEK_VARIABLE + " " + refused.getMessage());
        }
    }

    static final String SIGNING_KEK_VARIABLE = "GRANTOR_SIGNING_KEK";

    @Bean
    @ConditionalOnMissingBean
    GrantorWorkers grantorWorkers(Grantor grantor, GrantorProperties properties) {
        return new GrantorWorkers(grantor, properties.getRelay().isEnabled(), properties.getWebhooks().isEnabled());
    }

    static Sender sender(String from) {
        return Sender.parse(from).getOrElseThrow(problem -> new IllegalArgumentException("grantor.mail.from: " + problem));
    }

    /**
     * The sender of emails relayed through the application's mail server: email.md asks every deployment to set it, and
     * a relay refuses (or a filter drops) mail from the embedded default ({@link Sender#EMBEDDED_DEFAULT}), so an unset
     * one stops the start-up, as {@code grantor serve --smtp-host} without {@code --mail-from} does, rather than leave
     * every key email undelivered.
     */
    static Sender relayedSender(GrantorProperties properties) {
        String from = properties.getMail().getFrom();
        if (from == null) {
            throw new IllegalStateException("grantor.mail.from is not set: Grantor sends delivery emails through the"
                    + " application's JavaMailSender (spring.mail.*), and they need the sender customers see. Set"
                    + " grantor.mail.from (or GRANTOR_MAIL_FROM) to an address or \"Name <address>\" the mail server"
                    + " may send from, such as \"Shop <keys@shop.example>\".");
        }
        return sender(from);
    }

    /**
     * Mail on the application's {@code JavaMailSender} ({@code spring.mail.*}, or its own bean) when it has one (or a
     * {@code @Primary} one among several), in the pickup directory when it has none; several without a primary one
     * stop the start-up rather than leave customers' emails in a directory. Decided when the bean is created, once every mail sender is known; Spring's
     * mail support is optional, so its types are touched only when it is on the class path.
     */
    @Bean
    @ConditionalOnMissingBean(Mailer.class)
    Mailer grantorMailer(GrantorProperties properties, ObjectProvider<MailMetrics> metrics, BeanFactory beans) {
        var mailMetrics = metrics.getIfAvailable(() -> MailMetrics.NONE);
        if (ClassUtils.isPresent("org.springframework.mail.javamail.JavaMailSender", getClass().getClassLoader())) {
            var mailSender = JavaMailSenderMailer.ofUniqueSender(beans, () -> relayedSender(properties), InstantSource.system(),
                    mailMetrics);
            if (mailSender.isDefined()) {
                return mailSender.get();
            }
        }
        return pickupDirectory(properties, mailMetrics);
    }

    static Mailer pickupDirectory(GrantorProperties properties, MailMetrics metrics) {
        return new PickupDirectoryMailer(properties.getMail().getPickupDirectory(),
                // no mail relay reads the pickup directory: an unset sender may stay the embedded default
                Option.of(properties.getMail().getFrom()).map(GrantorAutoConfiguration::sender).getOrElse(Sender.EMBEDDED_DEFAULT),
                InstantSource.system(), metrics);
    }

    /** Grantor's meters on the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        DeliveryMeters grantorMeters(MeterRegistry registry) {
            return new DeliveryMeters(registry);
        }

        /**
         * The outbox's depth and oldest age as gauges, and the webhook dispatcher's counters, bound by Spring Boot to
         * every registry it manages.
         */
        @Bean
        @ConditionalOnMissingBean(name = "grantorOutboxMeters")
        MeterBinder grantorOutboxMeters(Grantor grantor) {
            return registry -> {
                RestApi.registerOutboxGauges(registry, grantor.outboxAdministration(), grantor.clock());
                grantor.dispatcher().forEach(dispatcher -> RestApi.registerWebhookCounters(registry, dispatcher));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthContribution {

        @Bean
        @ConditionalOnMissingBean(name = "grantorHealthIndicator")
        GrantorHealthIndicator grantorHealthIndicator(JdbcStorage storage, Grantor grantor, GrantorProperties properties) {
            return new GrantorHealthIndicator(storage, grantor.outboxAdministration(), grantor.clock(),
                    properties.getHealth().getOutboxAgeLimit());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "grantor.web", name = "enabled", havingValue = "true")
    static class Web {

        @Bean
        @ConditionalOnMissingBean
        GrantorWebServer grantorWebServer(Grantor grantor, JdbcStorage storage,
                                          GrantorProperties properties, ObjectProvider<PrometheusMeterRegistry> registry) {
            var web = properties.getWeb();
            var settings = RestSettings.defaults().withHost(web.getHost()).withPort(web.getPort())
                    .withRateLimits(RateLimit.perSecond(web.getRateLimit(), RateLimit.REQUEST_BURST),
                            RateLimit.perSecond(web.getLicenseRateLimit(), RateLimit.REQUEST_BURST))
                    .withLicenseFailureBudget(RateLimit.perSecond(web.getLicenseFailureLimit(), RateLimit.FAILURE_BURST))
                    .withLicenseFailureBudgetPerBusiness(
                            RateLimit.perSecond(web.getLicenseFailureLimitPerBusiness(), RateLimit.FAILURE_BURST))
                    .withHeaderReadDeadline(web.getHeaderTimeout())
                    .withClock(grantor.clock())
                    .withTrustedProxies(TrustedProxies.of(web.getTrustedProxies()));
            // the application's Prometheus registry when it has one, so /metrics and the actuator agree
            var prometheus = registry.getIfAvailable(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            // no portal pages are served here: a portal link either names the node that serves them or is not made
            var useCases = web.getPublicUrl() == null ? UseCases.of(grantor).withoutPortalSessions()
                    : UseCases.of(grantor).withPortalSessions(new PortalSessions(grantor.customerPortal(),
                            Option.some(PortalSessions.publicUrl(web.getPublicUrl()))));
            return new GrantorWebServer(useCases, settings, web.getPath(), prometheus, storage::isReachable);
        }
    }
}
