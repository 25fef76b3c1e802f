package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * What an entitlement delivers, per integration type. Each record holds exactly its type's fields, and
 * the canonical constructors hold the structural rules, so a config that exists is a valid one.
 * The application reads and writes them in their wire form; the rules a caller's value must meet are the
 * static parse methods here, each reporting a problem of the value itself (the reader names the field).
 */
@ValueObject
public sealed interface IntegrationConfig {

    /** The longest reference to something on another platform, in characters. */
    int MAX_REFERENCE_LENGTH = 500;

    /** The longest instructions that come with digital files, in characters. */
    int MAX_INSTRUCTIONS = 5000;

    /** The most files one digital-files entitlement delivers. */
    int MAX_FILES = 100;

    /** A reference to something on another platform (an id, a name), already trimmed: visible characters, bounded length. */
    static Either<GrantorError, String> reference(String trimmed) {
        if (Text.length(trimmed) > MAX_REFERENCE_LENGTH) {
            return Either.left(ValidationFailed.ofValue("must be at most " + MAX_REFERENCE_LENGTH + " characters"));
        }
        if (Text.hasInvisibleOrControl(trimmed)) {
            return Either.left(ValidationFailed.ofValue("must not contain control or invisible characters"));
        }
        return Either.right(trimmed);
    }

    /** Text a person reads (a message, instructions): line breaks and tabs allowed, nothing else invisible; blank is none. */
    static Either<GrantorError, Option<String>> freeText(String text, int max) {
        if (Text.length(text) > max) {
            return Either.left(ValidationFailed.ofValue("must be at most " + max + " characters"));
        }
        if (Text.hasControl(text, true)) {
            return Either.left(ValidationFailed.ofValue("must not contain control characters"));
        }
        return Either.right(text.isBlank() ? Option.none() : Option.some(text));
    }

    /** Where the files can also be fetched: a reference that is an absolute http or https URL. */
    static Either<GrantorError, URI> externalUrl(String reference) {
        try {
            URI uri = new URI(reference);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return Either.right(uri);
            }
        } catch (URISyntaxException notAUri) {
            // answered below, as a URL without a host is
        }
        return Either.left(ValidationFailed.ofValue("must be an absolute http or https URL"));
    }

    /** How many files one entitlement may deliver. */
    static Either<GrantorError, Integer> fileCount(int count) {
        return count > MAX_FILES ? Either.left(ValidationFailed.ofValue("must have at most " + MAX_FILES + " entries"))
                : Either.right(count);
    }

    /** One file of the list, as given (padding is trimmed away if the rest is visible text of the bounded length). */
    static Either<GrantorError, String> fileId(String given) {
        if (Text.length(given) > MAX_REFERENCE_LENGTH || Text.hasInvisibleOrControl(Text.trim(given))) {
            return Either.left(ValidationFailed.ofValue("entries must be visible text of at most " + MAX_REFERENCE_LENGTH + " characters"));
        }
        return Either.right(Text.trim(given));
    }

    IntegrationType type();

    /**
     * {@code minKeyLength}: the fewest characters a key given in manual fulfillment may have (1, the default, keeps
     * every key that was accepted before; a merchant raises it so short, guessable keys are refused).
     * {@code keyFormat}: a merchant-supplied or pooled key cannot carry the engine's signature, so only auto keys are signed.
     * {@code customerCanDeactivate} and {@code customerCanRotate}: what the customer may do to the key in the customer
     * portal (free a seat: yes by default; replace the key: no by default, a merchant opts in).
     */
    record LicenseKeyConfig(FulfillmentMode fulfillmentMode, Option<ActivationsLimit> activationsLimit,
                            Option<LicenseDuration> duration, Option<String> activationMessage, int minKeyLength,
                            KeyFormat keyFormat, boolean customerCanDeactivate, boolean customerCanRotate)
            implements IntegrationConfig {
        public static final int MAX_ACTIVATION_MESSAGE = 2500;
        public static final int DEFAULT_MIN_KEY_LENGTH = 1;
        /** The longest a license key can be (the license package's own bound, which depends on this one). */
        public static final int MAX_MIN_KEY_LENGTH = 255;
        public static final boolean DEFAULT_CUSTOMER_CAN_DEACTIVATE = true;
        public static final boolean DEFAULT_CUSTOMER_CAN_ROTATE = false;

        /** The fewest characters a manual key must have; none given is the default. */
        public static Either<GrantorError, Integer> minKeyLength(Long given) {
            if (given == null) {
                return Either.right(DEFAULT_MIN_KEY_LENGTH);
            }
            return given < 1 || given > MAX_MIN_KEY_LENGTH
                    ? Either.left(ValidationFailed.ofValue("must be between 1 and " + MAX_MIN_KEY_LENGTH))
                    : Either.right(given.intValue());
        }

        public LicenseKeyConfig {
            require(fulfillmentMode != null && activationsLimit != null && duration != null && activationMessage != null
                    && keyFormat != null);
            require(activationMessage.forAll(m -> m.codePointCount(0, m.length()) <= MAX_ACTIVATION_MESSAGE));
            require(minKeyLength >= 1 && minKeyLength <= MAX_MIN_KEY_LENGTH);
            require(keyFormat == KeyFormat.RANDOM || fulfillmentMode == FulfillmentMode.AUTO);
        }

        /** Random keys of any length, the defaults. */
        public LicenseKeyConfig(FulfillmentMode fulfillmentMode, Option<ActivationsLimit> activationsLimit,
                                Option<LicenseDuration> duration, Option<String> activationMessage) {
            this(fulfillmentMode, activationsLimit, duration, activationMessage, DEFAULT_MIN_KEY_LENGTH);
        }

        /** Random keys. */
        public LicenseKeyConfig(FulfillmentMode fulfillmentMode, Option<ActivationsLimit> activationsLimit,
                                Option<LicenseDuration> duration, Option<String> activationMessage, int minKeyLength) {
            this(fulfillmentMode, activationsLimit, duration, activationMessage, minKeyLength, KeyFormat.RANDOM);
        }

        /** The portal's defaults: the customer may deactivate, not rotate. */
        public LicenseKeyConfig(FulfillmentMode fulfillmentMode, Option<ActivationsLimit> activationsLimit,
                                Option<LicenseDuration> duration, Option<String> activationMessage, int minKeyLength,
                                KeyFormat keyFormat) {
            this(fulfillmentMode, activationsLimit, duration, activationMessage, minKeyLength, keyFormat,
                    DEFAULT_CUSTOMER_CAN_DEACTIVATE, DEFAULT_CUSTOMER_CAN_ROTATE);
        }

        /** Keys the engine makes at issuing: no activations limit, no expiry, the defaults otherwise. */
        public static LicenseKeyConfig auto() {
            return new LicenseKeyConfig(FulfillmentMode.AUTO, Option.none(), Option.none(), Option.none());
        }

        /** Keys an operator or the merchant supplies (or a pool holds): no activations limit, no expiry, the defaults otherwise. */
        public static LicenseKeyConfig manual() {
            return new LicenseKeyConfig(FulfillmentMode.MANUAL, Option.none(), Option.none(), Option.none());
        }

        public LicenseKeyConfig withActivationsLimit(int limit) {
            return new LicenseKeyConfig(fulfillmentMode, Option.some(new ActivationsLimit(limit)), duration, activationMessage,
                    minKeyLength, keyFormat, customerCanDeactivate, customerCanRotate);
        }

        public LicenseKeyConfig withDuration(int count, DurationInterval interval) {
            return new LicenseKeyConfig(fulfillmentMode, activationsLimit, Option.some(new LicenseDuration(count, interval)),
                    activationMessage, minKeyLength, keyFormat, customerCanDeactivate, customerCanRotate);
        }

        public LicenseKeyConfig withActivationMessage(String message) {
            return new LicenseKeyConfig(fulfillmentMode, activationsLimit, duration, Option.of(message), minKeyLength, keyFormat,
                    customerCanDeactivate, customerCanRotate);
        }

        public LicenseKeyConfig withMinKeyLength(int length) {
            return new LicenseKeyConfig(fulfillmentMode, activationsLimit, duration, activationMessage, length, keyFormat,
                    customerCanDeactivate, customerCanRotate);
        }

        /** Keys the engine signs, so a program can check one offline; only {@link #auto()} keys can be. */
        public LicenseKeyConfig signed() {
            return new LicenseKeyConfig(fulfillmentMode, activationsLimit, duration, activationMessage, minKeyLength,
                    KeyFormat.SIGNED, customerCanDeactivate, customerCanRotate);
        }

        /** What the customer may do to the key in the customer portal. */
        public LicenseKeyConfig withCustomerRights(boolean canDeactivate, boolean canRotate) {
            return new LicenseKeyConfig(fulfillmentMode, activationsLimit, duration, activationMessage, minKeyLength, keyFormat,
                    canDeactivate, canRotate);
        }

        /** Whether a key of {@code keyLength} characters, given in manual fulfillment, is long enough for this entitlement. */
        public boolean admitsKeyOf(int keyLength) {
            return keyLength >= minKeyLength;
        }

        public boolean isSigned() {
            return keyFormat == KeyFormat.SIGNED;
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.LICENSE_KEY;
        }

        public boolean isManual() {
            return fulfillmentMode == FulfillmentMode.MANUAL;
        }
    }

    enum GithubPermission {
        PULL, PUSH, ADMIN, MAINTAIN, TRIAGE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record GithubConfig(String targetId, GithubPermission permission) implements IntegrationConfig {
        public GithubConfig {
            requireText(targetId);
            require(permission != null);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.GITHUB;
        }
    }

    record DiscordConfig(String guildId, Option<String> roleId) implements IntegrationConfig {
        public DiscordConfig {
            requireText(guildId);
            require(roleId != null);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.DISCORD;
        }
    }

    record TelegramConfig(String chatId) implements IntegrationConfig {
        public TelegramConfig {
            requireText(chatId);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.TELEGRAM;
        }
    }

    record FigmaConfig(String figmaFileId) implements IntegrationConfig {
        public FigmaConfig {
            requireText(figmaFileId);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.FIGMA;
        }
    }

    record FramerConfig(String framerTemplateId) implements IntegrationConfig {
        public FramerConfig {
            requireText(framerTemplateId);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.FRAMER;
        }
    }

    record NotionConfig(String notionTemplateId) implements IntegrationConfig {
        public NotionConfig {
            requireText(notionTemplateId);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.NOTION;
        }
    }

    record DigitalFilesConfig(List<String> digitalFileIds, Option<URI> externalUrl, Option<String> instructions)
            implements IntegrationConfig {
        public DigitalFilesConfig {
            require(digitalFileIds != null && externalUrl != null && instructions != null);
            digitalFileIds.forEach(IntegrationConfig::requireText);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.DIGITAL_FILES;
        }
    }

    enum FeatureType {
        BOOLEAN;

        public String wire() {
            return "boolean";
        }
    }

    record FeatureFlagConfig(String featureId, FeatureType featureType) implements IntegrationConfig {
        public FeatureFlagConfig {
            requireText(featureId);
            require(featureType != null);
        }

        @Override
        public IntegrationType type() {
            return IntegrationType.FEATURE_FLAG;
        }
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException("integration config breaks its structural rules");
        }
    }

    /** Counts code points, as the wire reader does, so that whatever it accepts can be constructed. */
    private static void requireText(String value) {
        require(value != null && !value.isBlank()
                && value.codePointCount(0, value.length()) <= MAX_REFERENCE_LENGTH);
    }
}
