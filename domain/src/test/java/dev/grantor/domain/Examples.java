package dev.grantor.domain;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.DurationInterval;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementDetails;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.DiscordConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureFlagConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureType;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.entitlement.LicenseDuration;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.GrantIssue;
import dev.grantor.domain.grant.GrantIssue.GeneratedKey;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import java.time.Instant;

/** Well-formed building blocks for tests: ids, entitlements of each kind, issues and terms. */
public final class Examples {

    public static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    public static final BusinessId BUSINESS = new BusinessId(id("bus_", 1));
    public static final BrandId BRAND = new BrandId(id("brd_", 1));
    public static final CustomerId CUSTOMER = new CustomerId(id("cus_", 1));
    public static final EntitlementId ENTITLEMENT = new EntitlementId(id("ent_", 1));
    public static final GrantId GRANT = new GrantId(id("entg_", 1));
    public static final LicenseKeyId GENERATED_KEY_ID = new LicenseKeyId(id("lic_", 1));
    public static final LicenseKeyId MANUAL_KEY_ID = new LicenseKeyId(id("lic_", 2));
    public static final LicenseKeyValue GENERATED_KEY = new LicenseKeyValue("GEN-0000-1111-2222");
    public static final LicenseKeyValue KEY_A = new LicenseKeyValue("KEY-AAAA-AAAA");
    public static final LicenseKeyValue KEY_B = new LicenseKeyValue("KEY-BBBB-BBBB");
    public static final LicenseKeyValue KEY_C = new LicenseKeyValue("KEY-CCCC-CCCC");

    public static final LicenseKeyConfig AUTO_KEYS = new LicenseKeyConfig(FulfillmentMode.AUTO,
            Option.some(new ActivationsLimit(2)), Option.some(new LicenseDuration(1, DurationInterval.MONTH)), Option.none());
    public static final LicenseKeyConfig MANUAL_KEYS = new LicenseKeyConfig(FulfillmentMode.MANUAL,
            Option.some(new ActivationsLimit(3)), Option.some(new LicenseDuration(1, DurationInterval.MONTH)), Option.none());
    public static final FeatureFlagConfig FEATURE = new FeatureFlagConfig("pro-features", FeatureType.BOOLEAN);
    public static final DiscordConfig DISCORD = new DiscordConfig("guild-123", Option.some("role-9"));

    private Examples() {}

    /** A well-formed id: the prefix, then {@code n} left-padded with zeros to 21 digits. */
    public static String id(String prefix, long n) {
        return prefix + String.format("%021d", n);
    }

    public static InstanceId instance(int n) {
        return new InstanceId(id("lki_", n));
    }

    /** A valid config of each of the nine integration types. */
    public static IntegrationConfig configOf(IntegrationType type) {
        return switch (type) {
            case LICENSE_KEY -> AUTO_KEYS;
            case FEATURE_FLAG -> FEATURE;
            case DISCORD -> DISCORD;
            case GITHUB -> new IntegrationConfig.GithubConfig("grantor/app", IntegrationConfig.GithubPermission.PULL);
            case TELEGRAM -> new IntegrationConfig.TelegramConfig("-100123");
            case FIGMA -> new IntegrationConfig.FigmaConfig("fig-1");
            case FRAMER -> new IntegrationConfig.FramerConfig("frm-1");
            case NOTION -> new IntegrationConfig.NotionConfig("ntn-1");
            case DIGITAL_FILES -> new IntegrationConfig.DigitalFilesConfig(io.vavr.collection.List.of("file-1"),
                    Option.none(), Option.some("Unzip it"));
        };
    }

    public static Entitlement entitlement(IntegrationConfig config) {
        return Entitlement.create(ENTITLEMENT, BUSINESS, new EntitlementDetails("Pro plan", Option.none()), config,
                Metadata.EMPTY, T0.minusSeconds(3600));
    }

    public static GrantIssue issue(GrantOrigin origin) {
        return new GrantIssue(GRANT, BRAND, CUSTOMER, origin, Metadata.EMPTY,
                Option.some(new GeneratedKey(GENERATED_KEY_ID, GENERATED_KEY)));
    }

    public static GrantOrigin payment() {
        return new GrantOrigin.Payment("pay_123");
    }

    public static GrantOrigin subscription() {
        return new GrantOrigin.Subscription("sub_123");
    }

    public static FulfillmentTerms terms(LicenseKeyValue key) {
        return new FulfillmentTerms(key, Option.none(), Option.none());
    }

    /** Issues and expects success: for setting the scene, not for testing issue itself. */
    public static GrantChange issued(IntegrationConfig config, GrantOrigin origin, Instant at) {
        return Grant.issue(issue(origin), entitlement(config), at)
                .getOrElseThrow(e -> new AssertionError("issue failed: " + e));
    }

    public static Grant pending(IntegrationConfig config, GrantOrigin origin) {
        return issued(config, origin, T0).grant();
    }
}
