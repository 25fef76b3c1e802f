package dev.grantor.adapter.persistence;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.out.Businesses.Business;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.DurationInterval;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementDetails;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.LicenseDuration;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.GrantIssue;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid records for the adapter's own tests. Instants carry nanoseconds, so a store that kept only
 * micro- or milliseconds would fail the round trips.
 */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final SecureIdGenerator IDS = new SecureIdGenerator();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Samples() {}

    /** A business with one customer and one manual license-key entitlement, stored. */
    public record World(Business business, Customer customer, Entitlement entitlement) {
        public BusinessId businessId() {
            return business.id();
        }
    }

    public static World world(JdbcStorage storage) {
        return world(storage, manualLicenseKeys());
    }

    static World world(JdbcStorage storage, IntegrationConfig config) {
        var business = new Business(new BusinessId(IDS.next(BusinessId.PREFIX)), "Acme " + SEQUENCE.incrementAndGet(),
                new BrandId(IDS.next(BrandId.PREFIX)), T0);
        var customer = Customer.register(new CustomerId(IDS.next(CustomerId.PREFIX)), business.id(),
                new EmailAddress("Buyer" + SEQUENCE.incrementAndGet() + "@Example.com"), Option.some(new CustomerName("Ada Ł")), T0);
        var entitlement = entitlement(business.id(), config, T0);
        storage.transactions().write(() -> {
            storage.businesses().insert(business);
            storage.customers().insert(customer);
            storage.entitlements().insert(entitlement);
            return Either.right(true);
        });
        return new World(business, customer, entitlement);
    }

    static Entitlement entitlement(BusinessId business, IntegrationConfig config, Instant at) {
        return Entitlement.create(new EntitlementId(IDS.next(EntitlementId.PREFIX)), business,
                new EntitlementDetails("Pro " + SEQUENCE.incrementAndGet(), Option.some("Everything")), config, metadata(), at);
    }

    static LicenseKeyConfig manualLicenseKeys() {
        return new LicenseKeyConfig(FulfillmentMode.MANUAL, Option.some(new ActivationsLimit(3)),
                Option.some(new LicenseDuration(1, DurationInterval.YEAR)), Option.some("Run:\n  tool activate \"key\""));
    }

    static Metadata metadata() {
        return new Metadata(LinkedHashMap.of(
                "plan", new Metadata.Text("pro ✓ 日本 \"quoted\" \\ \u0001"),
                "seats", new Metadata.Number(new BigDecimal("5")),
                "ratio", new Metadata.Number(new BigDecimal("1.50")),
                "huge", new Metadata.Number(new BigDecimal("1E+400")),
                "beta", new Metadata.Flag(false)));
    }

    public static Grant pendingGrant(World world, Instant at) {
        return pendingGrant(world, new GrantOrigin.Payment("pay_" + SEQUENCE.incrementAndGet()), at);
    }

    static Grant pendingGrant(World world, GrantOrigin origin, Instant at) {
        var grant = issued(world, origin, at);
        if (grant.status() != dev.grantor.domain.grant.GrantStatus.PENDING) {
            throw new IllegalArgumentException("this entitlement does not issue pending grants");
        }
        return grant;
    }

    /** The grant as issuing stores it: delivered at once for feature flags, pending otherwise here. */
    static Grant issued(World world, Instant at) {
        return issued(world, new GrantOrigin.Payment("pay_" + SEQUENCE.incrementAndGet()), at);
    }

    static Grant issued(World world, GrantOrigin origin, Instant at) {
        var issue = new GrantIssue(new GrantId(IDS.next(GrantId.PREFIX)), world.business().defaultBrandId(),
                world.customer().id(), origin, metadata(), Option.none());
        return Grant.issue(issue, world.entitlement(), at).get().grant();
    }

    /** A valid config of the type, every optional field set. */
    static IntegrationConfig config(dev.grantor.domain.entitlement.IntegrationType type) {
        return switch (type) {
            case LICENSE_KEY -> manualLicenseKeys();
            case GITHUB -> new IntegrationConfig.GithubConfig("acme/tool", IntegrationConfig.GithubPermission.PUSH);
            case DISCORD -> new IntegrationConfig.DiscordConfig("guild-1", Option.some("role-7"));
            case TELEGRAM -> new IntegrationConfig.TelegramConfig("-100123");
            case FIGMA -> new IntegrationConfig.FigmaConfig("figma-file-1");
            case FRAMER -> new IntegrationConfig.FramerConfig("framer-template-1");
            case NOTION -> new IntegrationConfig.NotionConfig("notion-template-1");
            case DIGITAL_FILES -> new IntegrationConfig.DigitalFilesConfig(io.vavr.collection.List.of("file-1", "file 2"),
                    Option.some(java.net.URI.create("https://downloads.example.com/tool?a=1")), Option.some("Unzip\nand run."));
            case FEATURE_FLAG -> new IntegrationConfig.FeatureFlagConfig("advanced-export", IntegrationConfig.FeatureType.BOOLEAN);
        };
    }

    static GrantChange fulfilled(Grant pending, Entitlement entitlement, String key, Instant at) {
        return pending.fulfill(entitlement, new FulfillmentTerms(new LicenseKeyValue(key), Option.none(), Option.none()),
                new LicenseKeyId(IDS.next(LicenseKeyId.PREFIX)), at).get();
    }

    public static String keyValue() {
        return "KEY-" + IDS.next("").substring(10) + "-" + SEQUENCE.incrementAndGet();
    }

    public static String id(String prefix) {
        return IDS.next(prefix);
    }

    static OutboxMessage message(BusinessId business, OutboxMessage.Kind kind, Instant at) {
        return OutboxMessage.fresh(IDS.next("obx_"), business, kind, kind == OutboxMessage.Kind.EMAIL
                ? "email.license_key_delivery" : "entitlement_grant.delivered", "{\"n\":" + SEQUENCE.incrementAndGet() + "}", at);
    }
}
