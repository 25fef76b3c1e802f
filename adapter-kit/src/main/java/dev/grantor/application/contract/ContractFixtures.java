package dev.grantor.application.contract;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.Businesses.Business;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.DurationInterval;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementDetails;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.DigitalFilesConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.DiscordConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureFlagConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureType;
import dev.grantor.domain.entitlement.IntegrationConfig.FigmaConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FramerConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.NotionConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.TelegramConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.entitlement.LicenseDuration;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.GrantIssue;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
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
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Valid domain objects for storage tests, with ids of the right format and instants exact to the
 * millisecond (what every database keeps), so whatever goes into a store must come back equal.
 */
public final class ContractFixtures {

    /** A millisecond-exact instant the fixtures count from. */
    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00.000Z");

    private static final SecureIdGenerator IDS = new SecureIdGenerator();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private ContractFixtures() {}

    /** A business, a customer of it and a manual license-key entitlement of it: what most records hang from. */
    public record World(Business business, Customer customer, Entitlement entitlement) {
        public BusinessId businessId() {
            return business.id();
        }
    }

    /** Stores a fresh {@link World} in one unit of work. */
    public static World world(StorageUnderTest store) {
        var business = business();
        var world = new World(business, customer(business.id()), manualLicenseKeyEntitlement(business.id()));
        store.transactions().write(() -> {
            store.businesses().insert(world.business());
            store.customers().insert(world.customer());
            store.entitlements().insert(world.entitlement());
            return Either.right(world);
        });
        return world;
    }

    public static String id(String prefix) {
        return IDS.next(prefix);
    }

    public static Instant at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    public static Business business() {
        return new Business(new BusinessId(id(BusinessId.PREFIX)), "Acme Tools " + SEQUENCE.incrementAndGet(),
                new BrandId(id(BrandId.PREFIX)), T0);
    }

    public static Customer customer(BusinessId business) {
        return customer(business, "buyer" + SEQUENCE.incrementAndGet() + "@example.com");
    }

    public static Customer customer(BusinessId business, String email) {
        return Customer.register(new CustomerId(id(CustomerId.PREFIX)), business, new EmailAddress(email),
                Option.some(new CustomerName("Ada Lovelace")), T0);
    }

    public static Entitlement manualLicenseKeyEntitlement(BusinessId business) {
        return entitlement(business, licenseKeyConfig(FulfillmentMode.MANUAL), T0);
    }

    public static Entitlement autoLicenseKeyEntitlement(BusinessId business) {
        return entitlement(business, licenseKeyConfig(FulfillmentMode.AUTO), T0);
    }

    public static Entitlement entitlement(BusinessId business, IntegrationType type, Instant at) {
        return entitlement(business, config(type), at);
    }

    public static Entitlement entitlement(BusinessId business, IntegrationConfig config, Instant at) {
        return Entitlement.create(new EntitlementId(id(EntitlementId.PREFIX)), business,
                new EntitlementDetails("Pro licence " + SEQUENCE.incrementAndGet(), Option.some("Everything, forever")),
                config, metadata(), at);
    }

    /** Text, number and flag values, so storage proves it keeps all three kinds. */
    public static Metadata metadata() {
        return new Metadata(LinkedHashMap.of(
                "plan", new Metadata.Text("pro ✓ 日本"),
                "seats", new Metadata.Number(new BigDecimal("5")),
                "ratio", new Metadata.Number(new BigDecimal("1.5")),
                "beta", new Metadata.Flag(true)));
    }

    public static LicenseKeyConfig licenseKeyConfig(FulfillmentMode mode) {
        return new LicenseKeyConfig(mode, Option.some(new ActivationsLimit(3)),
                Option.some(new LicenseDuration(1, DurationInterval.YEAR)), Option.some("Activate with:\n  tool activate"));
    }

    /** A valid config of the type, with every optional field set. */
    public static IntegrationConfig config(IntegrationType type) {
        return switch (type) {
            case LICENSE_KEY -> licenseKeyConfig(FulfillmentMode.MANUAL);
            case GITHUB -> new GithubConfig("acme/tool", GithubPermission.PUSH);
            case DISCORD -> new DiscordConfig("guild-1", Option.some("role-7"));
            case TELEGRAM -> new TelegramConfig("-100123");
            case FIGMA -> new FigmaConfig("figma-file-1");
            case FRAMER -> new FramerConfig("framer-template-1");
            case NOTION -> new NotionConfig("notion-template-1");
            case DIGITAL_FILES -> new DigitalFilesConfig(List.of("file-1", "file-2"),
                    Option.some(URI.create("https://downloads.example.com/tool")), Option.some("Unzip and run."));
            case FEATURE_FLAG -> new FeatureFlagConfig("advanced-export", FeatureType.BOOLEAN);
        };
    }

    /** A new grant as issuing it would store it: {@code Pending} for manual keys and non-flag integrations. */
    public static Grant pendingGrant(Entitlement entitlement, Customer customer, GrantOrigin origin, Instant at) {
        var issue = new GrantIssue(new GrantId(id(GrantId.PREFIX)), new BrandId(id(BrandId.PREFIX)), customer.id(), origin,
                metadata(), Option.none());
        var change = Grant.issue(issue, entitlement, at).getOrElseThrow(e -> new IllegalArgumentException(e.message()));
        if (change.grant().status() != dev.grantor.domain.grant.GrantStatus.PENDING) {
            throw new IllegalArgumentException("this entitlement does not issue pending grants");
        }
        return change.grant();
    }

    public static Grant pendingGrant(World world, Instant at) {
        return pendingGrant(world.entitlement(), world.customer(), new GrantOrigin.Payment("pay_" + SEQUENCE.incrementAndGet()), at);
    }

    /** Manual fulfillment of a pending license-key grant: the delivered grant and its new key. */
    public static GrantChange fulfilled(Grant pending, Entitlement entitlement, String key, Instant at) {
        return pending.fulfill(entitlement, new FulfillmentTerms(new LicenseKeyValue(key), Option.none(), Option.none()),
                        new LicenseKeyId(id(LicenseKeyId.PREFIX)), at)
                .getOrElseThrow(e -> new IllegalArgumentException(e.message()));
    }

    /** A key for the grant, as a merchant would supply it, not yet delivered through the grant. */
    public static LicenseKey licenseKey(Grant grant, String value, Instant at) {
        return LicenseKey.issue(new LicenseKeyId(id(LicenseKeyId.PREFIX)), grant.businessId(), grant.id(), grant.customerId(),
                grant.entitlementId(), new LicenseKeyValue(value), LicenseKeySource.MANUAL, Option.some(new ActivationsLimit(5)),
                Option.some(at.plus(Duration.ofDays(365))), at);
    }

    public static String keyValue() {
        return "KEY-" + id("").substring(8) + "-" + SEQUENCE.incrementAndGet();
    }

    public static DeliveryPayload digitalFilesPayload() {
        return new DeliveryPayload(Option.some(new DeliveryPayload.DigitalProductDelivery(
                List.of(new DeliveryPayload.DeliveredFile("file-1", "tool.zip", "https://cdn.example.com/tool.zip?sig=abc",
                        Option.some(3600L), Option.some("application/zip"), Option.some(1_048_576L))),
                Option.some("https://example.com"), Option.some("Unzip it."))), Option.none(), Option.none());
    }

    public static DeliveryPayload oauthPayload(Instant expiresAt) {
        return new DeliveryPayload(Option.none(), Option.some(new DeliveryPayload.OAuthAccess("https://discord.com/oauth2/x",
                Option.some(expiresAt))), Option.none());
    }

    public static OutboxMessage event(BusinessId business, Instant at) {
        return OutboxMessage.fresh(id("evt_"), business, Kind.EVENT, "entitlement_grant.created",
                "{\"business_id\":\"" + business.value() + "\",\"type\":\"entitlement_grant.created\",\"data\":{}}", at);
    }

    public static OutboxMessage email(BusinessId business, Instant at) {
        return OutboxMessage.fresh(id("eml_"), business, Kind.EMAIL, "email.license_key_delivery", "{\"version\":1}", at);
    }

    /** A portal sign-in email whose payload carries {@code secret}, as the portal appends it. */
    public static OutboxMessage signInEmail(BusinessId business, String secret, Instant at) {
        return OutboxMessage.fresh(id("eml_"), business, Kind.EMAIL, PortalEmail.TOPIC,
                "{\"version\":1,\"kind\":\"PORTAL_CODE\",\"secret\":\"" + secret + "\"}", at);
    }

    public static ApiKey apiKey(BusinessId business, boolean readOnly) {
        return new ApiKey(id("key_"), business, "sha256:" + id("").substring(0, 21) + SEQUENCE.incrementAndGet(), readOnly, T0,
                Option.none(), Option.some("gr_live_" + id("").substring(0, 4)), Option.none(), Option.none());
    }
}
