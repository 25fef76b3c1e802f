package dev.grantor.application;

import dev.grantor.application.generate.CrockfordKeyGenerator;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.outbox.OutboxRelay;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.service.AccessService;
import dev.grantor.application.service.CommandValidation;
import dev.grantor.application.service.EntitlementCatalogService;
import dev.grantor.application.service.GrantFulfillmentService;
import dev.grantor.application.service.GrantIssuingService;
import dev.grantor.application.service.GrantQueriesService;
import dev.grantor.application.service.IdempotentRequestsService;
import dev.grantor.application.service.LicenseCheckOutService;
import dev.grantor.application.service.SigningKeyAdministrationService;
import dev.grantor.application.signing.KeySigner;
import dev.grantor.application.signing.LicenseFileWriter;
import dev.grantor.application.signing.PrivateKeySeal;
import dev.grantor.application.signing.SigningKeyring;
import dev.grantor.application.service.LicensingService;
import dev.grantor.application.service.OutboxAdministrationService;
import dev.grantor.application.service.OutboxNudges;
import dev.grantor.application.service.Ports;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The engine a host embeds: built once from its adapters, it exposes every use case and the outbox
 * relay. Nothing here starts a thread until {@link OutboxRelay#start()} is called on {@link #relay()}.
 *
 * <pre>{@code
 * var grantor = Grantor.builder().storage(myStorage).mailer(myMailer).eventSink(mySink).build();
 * grantor.relay().start();
 * var grant = grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("KEY-1", null, null));
 * }</pre>
 */
public final class Grantor implements AutoCloseable {

    /** Every storage port of one store, for hosts whose adapter provides them together. */
    public interface Storage {
        Transactions transactions();

        Businesses businesses();

        Entitlements entitlements();

        Grants grants();

        LicenseKeys licenseKeys();

        Customers customers();

        ApiKeys apiKeys();

        Outbox outbox();

        IdempotencyRecords idempotencyRecords();

        SigningKeys signingKeys();
    }

    private final EntitlementCatalog entitlements;
    private final GrantIssuing issuing;
    private final GrantFulfillment fulfillment;
    private final GrantQueries grants;
    private final Licensing licensing;
    private final Access access;
    private final OutboxAdministration outboxAdministration;
    private final SigningKeyAdministration signingKeys;
    private final LicenseCheckOut licenseFiles;
    private final OutboxRelay relay;
    private final Option<IdempotentRequests> idempotentRequests;
    private final InstantSource clock;

    private Grantor(Builder b) {
        this.relay = new OutboxRelay(b.outbox, b.mailer, b.eventSink, b.metrics, b.clock, b.relayPolicy);
        // a running relay sends what a use case appended as soon as it commits, not at its next poll
        var nudges = new OutboxNudges(relay::nudge);
        var ports = new Ports(nudges.transactions(b.transactions), b.businesses, b.entitlements, b.grants, b.licenseKeys,
                b.customers, b.apiKeys, nudges.outbox(b.outbox), b.clock, b.ids, b.keys);
        var validation = new CommandValidation();
        this.entitlements = new EntitlementCatalogService(ports, validation);
        var keyring = new SigningKeyring(b.signingKeys, b.ids, b.clock, b.signingKeySeal);
        this.issuing = new GrantIssuingService(ports, validation, new KeySigner(keyring));
        this.signingKeys = new SigningKeyAdministrationService(ports.transactions(), b.businesses, b.signingKeys, keyring);
        this.licenseFiles = new LicenseCheckOutService(ports.transactions(), b.licenseKeys, b.grants, b.clock, validation,
                new LicenseFileWriter(keyring));
        this.fulfillment = new GrantFulfillmentService(ports, validation);
        this.grants = new GrantQueriesService(ports, validation);
        this.licensing = new LicensingService(ports);
        this.access = new AccessService(ports);
        this.outboxAdministration = new OutboxAdministrationService(nudges.outbox(b.outbox), b.clock);
        this.idempotentRequests = Option.of(b.idempotencyRecords).map(records -> new IdempotentRequestsService(records, b.clock));
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public EntitlementCatalog entitlements() {
        return entitlements;
    }

    public GrantIssuing issuing() {
        return issuing;
    }

    public GrantFulfillment fulfillment() {
        return fulfillment;
    }

    public GrantQueries grants() {
        return grants;
    }

    public Licensing licensing() {
        return licensing;
    }

    public Access access() {
        return access;
    }

    /** The businesses' signing keys: public JWKS, rotation, deletion. */
    public SigningKeyAdministration signingKeys() {
        return signingKeys;
    }

    /** License files for offline checks, for customers' software. */
    public LicenseCheckOut licenseFiles() {
        return licenseFiles;
    }

    public OutboxAdministration outboxAdministration() {
        return outboxAdministration;
    }

    /** Sends what the outbox holds: {@code start()} in the background, or {@code runOnce()} by hand. */
    public OutboxRelay relay() {
        return relay;
    }

    /**
     * Requests that run at most once per idempotency key, for a host that serves HTTP with idempotency keys:
     * present when the engine was built with idempotency records, which an embedding without HTTP may leave out.
     */
    public Option<IdempotentRequests> idempotentRequests() {
        return idempotentRequests;
    }

    public InstantSource clock() {
        return clock;
    }

    /** Stops the relay, giving its current pass a few seconds to finish. */
    @Override
    public void close() {
        relay.stop(Duration.ofSeconds(5));
    }

    /** Storage ports, mailer and event sink are required; time, ids, keys, metrics and relay policy have defaults. */
    public static final class Builder {
        private Transactions transactions;
        private Businesses businesses;
        private Entitlements entitlements;
        private Grants grants;
        private LicenseKeys licenseKeys;
        private Customers customers;
        private ApiKeys apiKeys;
        private Outbox outbox;
        private IdempotencyRecords idempotencyRecords;
        private Mailer mailer;
        private EventSink eventSink;
        private InstantSource clock;
        private IdGenerator ids;
        private KeyGenerator keys;
        private SigningKeys signingKeys;
        private PrivateKeySeal signingKeySeal = PrivateKeySeal.unwrapped();
        private DeliveryMetrics metrics = DeliveryMetrics.NONE;
        private RelayPolicy relayPolicy = RelayPolicy.defaults();

        private Builder() {}

        /** All storage ports at once, from one store. */
        public Builder storage(Storage storage) {
            return transactions(storage.transactions()).businesses(storage.businesses()).entitlements(storage.entitlements())
                    .grants(storage.grants()).licenseKeys(storage.licenseKeys()).customers(storage.customers())
                    .apiKeys(storage.apiKeys()).outbox(storage.outbox()).idempotencyRecords(storage.idempotencyRecords())
                    .signingKeys(storage.signingKeys());
        }

        public Builder transactions(Transactions transactions) {
            this.transactions = transactions;
            return this;
        }

        public Builder businesses(Businesses businesses) {
            this.businesses = businesses;
            return this;
        }

        public Builder entitlements(Entitlements entitlements) {
            this.entitlements = entitlements;
            return this;
        }

        public Builder grants(Grants grants) {
            this.grants = grants;
            return this;
        }

        public Builder licenseKeys(LicenseKeys licenseKeys) {
            this.licenseKeys = licenseKeys;
            return this;
        }

        public Builder customers(Customers customers) {
            this.customers = customers;
            return this;
        }

        public Builder apiKeys(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder outbox(Outbox outbox) {
            this.outbox = outbox;
            return this;
        }

        public Builder idempotencyRecords(IdempotencyRecords idempotencyRecords) {
            this.idempotencyRecords = idempotencyRecords;
            return this;
        }

        public Builder signingKeys(SigningKeys signingKeys) {
            this.signingKeys = signingKeys;
            return this;
        }

        /**
         * How signing keys' private halves are stored. Defaults to {@link PrivateKeySeal#unwrapped()}: plain
         * PKCS#8 in the store; pass {@link PrivateKeySeal#wrappingWith(byte[])} to wrap them with AES-256-GCM.
         */
        public Builder signingKeySeal(PrivateKeySeal signingKeySeal) {
            this.signingKeySeal = signingKeySeal;
            return this;
        }

        public Builder mailer(Mailer mailer) {
            this.mailer = mailer;
            return this;
        }

        public Builder eventSink(EventSink eventSink) {
            this.eventSink = eventSink;
            return this;
        }

        /** Defaults to the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** Defaults to time-ordered ids from {@code SecureRandom}. */
        public Builder ids(IdGenerator ids) {
            this.ids = ids;
            return this;
        }

        /** Defaults to Crockford base32 keys, 5 groups of 5. */
        public Builder keys(KeyGenerator keys) {
            this.keys = keys;
            return this;
        }

        public Builder metrics(DeliveryMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder relayPolicy(RelayPolicy relayPolicy) {
            this.relayPolicy = relayPolicy;
            return this;
        }

        /** @throws IllegalStateException naming every required port that was not given */
        public Grantor build() {
            var missing = List.of(
                            required("transactions", transactions), required("businesses", businesses),
                            required("entitlements", entitlements), required("grants", grants),
                            required("licenseKeys", licenseKeys), required("customers", customers),
                            required("apiKeys", apiKeys), required("outbox", outbox), required("signingKeys", signingKeys),
                            required("signingKeySeal", signingKeySeal), required("mailer", mailer),
                            required("eventSink", eventSink), required("metrics", metrics), required("relayPolicy", relayPolicy))
                    .flatMap(name -> name);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Grantor needs " + missing.mkString(", ")
                        + ": set them on the builder (storage(...) sets every storage port at once)");
            }
            if (clock == null) {
                clock = InstantSource.system();
            }
            if (ids == null) {
                ids = new SecureIdGenerator(clock);
            }
            if (keys == null) {
                keys = new CrockfordKeyGenerator();
            }
            return new Grantor(this);
        }

        private static Option<String> required(String name, Object port) {
            return port == null ? Option.some(name) : Option.none();
        }
    }
}
