package dev.grantor.application;

import dev.grantor.application.background.AfterTheAnswer;
import dev.grantor.application.generate.CrockfordKeyGenerator;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.outbox.OutboxRelay;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.AccessAdministration;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.service.OperatorAccessService;
import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.Operators;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.Throttles;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.service.AccessAdministrationService;
import dev.grantor.application.service.AuditedUnits;
import dev.grantor.application.service.AccessService;
import dev.grantor.application.service.AuthenticatedKeys;
import dev.grantor.application.service.CustomerPortalService;
import dev.grantor.application.service.CustomerManagementService;
import dev.grantor.application.service.CustomerQueriesService;
import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.port.in.GrantTimeline;
import java.security.SecureRandom;
import dev.grantor.application.service.DeliveryResendsService;
import dev.grantor.application.service.CommandValidation;
import dev.grantor.application.service.EntitlementCatalogService;
import dev.grantor.application.service.GrantFulfillmentService;
import dev.grantor.application.service.GrantIssuingService;
import dev.grantor.application.service.GrantQueriesService;
import dev.grantor.application.service.IdempotentRequestsService;
import dev.grantor.application.service.KeyPoolManagementService;
import dev.grantor.application.service.LicenseKeyManagementService;
import dev.grantor.application.service.LicenseCheckOutService;
import dev.grantor.application.service.SignInService;
import dev.grantor.application.service.SigningKeyAdministrationService;
import dev.grantor.application.signing.KeySigner;
import dev.grantor.application.signing.LicenseFileWriter;
import dev.grantor.application.signing.PrivateKeySeal;
import dev.grantor.application.signing.SigningKeyring;
import dev.grantor.application.service.LicensingService;
import dev.grantor.application.service.OutboxAdministrationService;
import dev.grantor.application.service.OutboxEntries;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.service.GrantTimelineService;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.application.webhook.WebhookFanOut;
import dev.grantor.application.webhook.WebhookService;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The engine a host embeds: built once from its adapters, it exposes every use case, the outbox relay and,
 * given a {@link WebhookSender}, the webhook dispatcher. Every event the relay hands on fans out to the
 * business's webhook endpoints (and then to the host's own event sink, if it gave one). Nothing here starts a
 * thread until {@link #start()}.
 *
 * <pre>{@code
 * var grantor = Grantor.builder().storage(myStorage).mailer(myMailer).webhookSender(mySender).build();
 * grantor.start();
 * var grant = grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("KEY-1", null, null));
 * }</pre>
 */
public final class Grantor implements AutoCloseable {

    /** How long an authenticated API key is served from memory, unless the builder says otherwise: 1 second. */
    public static final Duration DEFAULT_API_KEY_CACHE_TTL = AuthenticatedKeys.DEFAULT_TIME_TO_LIVE;

    /** The longest time to live the builder takes for authenticated API keys: 1 minute. */
    public static final Duration MAX_API_KEY_CACHE_TTL = AuthenticatedKeys.MAX_TIME_TO_LIVE;

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

        WebhookEndpoints webhookEndpoints();

        WebhookDeliveries webhookDeliveries();

        /** The web faces' one-time links and sessions. */
        SignIns signIns();

        /** The console's operators. */
        Operators operators();

        /** Who did what through the console. */
        AuditTrail auditTrail();

        ResendLedger resendLedger();

        KeyPools keyPools();

        /** The customer portal's one-time links and codes. */
        PortalSignIns portalSignIns();

        /** Attempt counters behind the portal's rate limits. */
        Throttles throttles();

        /**
         * A grant with its entitlement and customer (and a pool's next key), as a fulfillment reads them: through the
         * ports unless the store reads them in one statement.
         */
        default GrantParties grantParties() {
            return GrantParties.separately(grants(), entitlements(), customers(), keyPools());
        }

        /**
         * A fulfillment's writes (its key, its grant, the pooled key it took if any, its outbox messages): through the
         * ports unless the store writes them in one statement.
         */
        default Fulfillments fulfillments() {
            return Fulfillments.separately(licenseKeys(), grants(), outbox(), keyPools());
        }
    }

    private final AfterTheAnswer afterTheAnswer;
    private final EntitlementCatalog entitlements;
    private final GrantIssuing issuing;
    private final GrantFulfillment fulfillment;
    private final GrantQueries grants;
    private final Licensing licensing;
    private final LicenseKeyManagement licenseKeys;
    private final KeyPoolManagement keyPools;
    private final Access access;
    private final AccessAdministration accessAdministration;
    private final CustomerManagement customers;
    private final OutboxAdministration outboxAdministration;
    private final DeliveryResends deliveryResends;
    private final GrantTimeline grantTimeline;
    private final CustomerPortal customerPortal;
    private final SigningKeyAdministration signingKeys;
    private final LicenseCheckOut licenseFiles;
    private final OutboxRelay relay;
    private final SignIn signIn;
    private final OperatorAccess operatorAccess;
    private final Webhooks webhooks;
    private final Option<WebhookDispatcher> dispatcher;
    private final Option<IdempotentRequests> idempotentRequests;
    private final InstantSource clock;

    private Grantor(Builder b) {
        // every service's units of work, so that a console action's audit entry commits in the unit of its change
        var units = new AuditedUnits(b.transactions, b.auditTrail);
        this.dispatcher = Option.of(b.webhookSender).map(sender ->
                new WebhookDispatcher(b.webhookEndpoints, b.webhookDeliveries, sender, b.clock, b.dispatchPolicy));
        // new deliveries go out as soon as their unit commits, not at the dispatcher's next poll
        Runnable deliveriesDue = () -> dispatcher.forEach(WebhookDispatcher::nudge);
        var fanOut = new WebhookFanOut(units, b.webhookEndpoints, b.webhookDeliveries, b.clock, deliveriesDue);
        var events = Option.of(b.eventSink).<EventSink>map(host -> new HandedOn(fanOut, host)).getOrElse(fanOut);
        this.relay = new OutboxRelay(b.outbox, b.mailer, events, b.metrics, b.clock, b.relayPolicy);
        this.webhooks = new WebhookService(units, b.webhookEndpoints, b.webhookDeliveries, b.clock, b.ids,
                b.dispatchPolicy, deliveriesDue);
        // a running relay sends what a use case appended as soon as it commits, not at its next poll
        var outbox = new OutboxEntries(b.outbox, units, b.ids, relay::nudge);
        var validation = new CommandValidation();
        this.entitlements = new EntitlementCatalogService(units, b.entitlements, b.ids, b.clock, validation);
        var keyring = new SigningKeyring(b.signingKeys, b.ids, b.clock, b.signingKeySeal);
        var signer = new KeySigner(keyring);
        this.issuing = new GrantIssuingService(units, b.businesses, b.entitlements, b.grants, b.licenseKeys, b.customers,
                b.keyPools, outbox, b.signIns, b.portalSignIns, b.auditTrail, b.ids, b.keys, b.clock, validation, signer);
        this.signingKeys = new SigningKeyAdministrationService(units, b.businesses, b.signingKeys, keyring);
        this.licenseFiles = new LicenseCheckOutService(units, b.licenseKeys, b.grants, b.clock, validation,
                new LicenseFileWriter(keyring));
        var parties = b.grantParties != null ? b.grantParties
                : GrantParties.separately(b.grants, b.entitlements, b.customers, b.keyPools);
        var fulfillments = b.fulfillments != null ? b.fulfillments
                : Fulfillments.separately(b.licenseKeys, b.grants, b.outbox, b.keyPools);
        this.fulfillment = new GrantFulfillmentService(units, b.grants, parties, b.licenseKeys, fulfillments, outbox, b.ids,
                b.clock, validation);
        this.keyPools = new KeyPoolManagementService(units, b.keyPools, b.entitlements, b.grants, parties, b.licenseKeys,
                fulfillments, outbox, b.ids, b.clock, validation);
        this.grants = new GrantQueriesService(units, b.grants, b.entitlements, b.licenseKeys, b.customers, b.clock,
                validation);
        this.licensing = new LicensingService(units, b.grants, b.entitlements, b.licenseKeys, b.customers, b.ids, b.clock);
        this.licenseKeys = new LicenseKeyManagementService(units, b.licenseKeys, b.grants, b.entitlements,
                b.customers, b.businesses, b.keyPools, outbox, b.clock, b.ids, b.keys, validation, signer);
        // one memory of authenticated keys, so that a revocation through either service holds for both at once
        var authenticated = new AuthenticatedKeys(b.apiKeyCacheTtl);
        this.access = new AccessService(units, b.businesses, b.apiKeys, b.auditTrail, b.ids, b.clock, authenticated);
        this.accessAdministration = new AccessAdministrationService(units, b.businesses, b.apiKeys, b.auditTrail, b.ids, b.clock,
                authenticated);
        this.customers = new CustomerManagementService(new CustomerQueriesService(units, b.customers, validation), units,
                b.customers, b.signIns, b.portalSignIns, b.auditTrail, b.ids, b.clock);
        // one worker for both realms' sign-in requests, so their writes never race; the console has places of its own
        // and goes first, so a flood of a portal's form keeps no operator out
        this.afterTheAnswer = new AfterTheAnswer("grantor-sign-in-requests", b.signInWorkAfter,
                System.getLogger(AfterTheAnswer.class.getName()));
        this.signIn = new SignInService(units, b.businesses, b.operators, b.customers, b.signIns, b.clock);
        this.operatorAccess = new OperatorAccessService(units, b.businesses, b.operators, b.apiKeys, b.auditTrail, b.ids, b.clock,
                signIn, b.throttles, outbox, b.signIns, afterTheAnswer);
        this.outboxAdministration = new OutboxAdministrationService(b.outbox, b.webhookDeliveries, units, b.clock, relay::nudge);
        this.deliveryResends = new DeliveryResendsService(units, b.grants, b.licenseKeys, b.customers,
                b.entitlements, b.resendLedger, outbox, b.clock);
        this.grantTimeline = new GrantTimelineService(units, b.grants, b.licenseKeys, b.resendLedger, b.auditTrail, b.outbox,
                b.webhookDeliveries);
        this.customerPortal = new CustomerPortalService(units, b.businesses, b.customers, b.grants, b.entitlements,
                b.licenseKeys, b.portalSignIns, b.throttles, outbox, licenseKeys, deliveryResends,
                new SignInSecrets(new SecureRandom()), b.clock, afterTheAnswer);
        this.idempotentRequests = Option.of(b.idempotencyRecords).map(records -> new IdempotentRequestsService(records, b.transactions, b.clock));
        this.clock = b.clock;
    }

    /** The webhooks first: a host sink that fails makes the relay retry, and the fan-out records nothing twice. */
    /** Events go to the webhook fan-out first and, once recorded there, to the host's sink. */
    private record HandedOn(EventSink webhooks, EventSink host) implements EventSink {

        @Override
        public SendOutcome publish(PublishedEvent event) {
            var recorded = webhooks.publish(event);
            return recorded instanceof SendOutcome.Sent ? host.publish(event) : recorded;
        }

        @Override
        public List<SendOutcome> publish(List<PublishedEvent> events) {
            var recorded = webhooks.publish(events);
            return events.zipWith(recorded, (event, outcome) -> outcome instanceof SendOutcome.Sent
                    ? host.publish(List.of(event)).head() : outcome);
        }
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

    /** The merchant's keys after delivery: import, limits, expiry, disable and enable, instances, rotation. */
    public LicenseKeyManagement licenseKeys() {
        return licenseKeys;
    }

    /**
     * Key pools of manual license-key entitlements: keys bought or made elsewhere, handed out to grants as they
     * are issued, with imports, stock, voiding and the fulfillment of waiting grants.
     */
    public KeyPoolManagement keyPools() {
        return keyPools;
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

    /** The operator's view across businesses: never to be served to a tenant. */
    public AccessAdministration accessAdministration() {
        return accessAdministration;
    }

    /** The business's customers: read, created ahead of a purchase, changed. */
    public CustomerManagement customers() {
        return customers;
    }

    /** One-time links and sessions of the operator console and the customer portal. */
    public SignIn signIn() {
        return signIn;
    }

    /** The console's operators and the record of what they did. */
    public OperatorAccess operatorAccess() {
        return operatorAccess;
    }

    public OutboxAdministration outboxAdministration() {
        return outboxAdministration;
    }

    /** "I lost my email": a Delivered license-key grant's delivery email again, under the caller's policy. */
    public DeliveryResends deliveryResends() {
        return deliveryResends;
    }

    /** What happened to a grant, newest first, a page at a time: the console's grant page. */
    public GrantTimeline grantTimeline() {
        return grantTimeline;
    }

    /** The customer portal: sign-in links and codes, purchases, keys, devices. */
    public CustomerPortal customerPortal() {
        return customerPortal;
    }

    /**
     * Where the console's link requests and the portal's code requests do their lookups and writes, after the answer:
     * {@code settle} waits for those answered so far (a test before it reads the outbox; a host before it stops).
     */
    public AfterTheAnswer afterTheAnswer() {
        return afterTheAnswer;
    }

    /** Sends what the outbox holds: {@code start()} in the background, or {@code runOnce()} by hand. */
    public OutboxRelay relay() {
        return relay;
    }

    /** The business's webhook endpoints and what was delivered to them. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /**
     * Sends due webhook deliveries: present when the engine was built with a {@link WebhookSender}. An engine
     * without one (an API-only node, a command-line tool) still records deliveries for another node to send.
     */
    public Option<WebhookDispatcher> dispatcher() {
        return dispatcher;
    }

    /** Starts the relay and, when there is one, the dispatcher, each on a virtual thread. Twice does nothing. */
    public void start() {
        relay.start();
        dispatcher.forEach(WebhookDispatcher::start);
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

    /**
     * Stops the sign-in requests' worker, then the relay, then the dispatcher, giving each a few seconds: the worker
     * first, so that the emails it queues are in the outbox, and the relay before the dispatcher, so that the events of
     * its last batch are recorded as deliveries before the dispatcher stops claiming them.
     */
    @Override
    public void close() {
        afterTheAnswer.close();
        relay.stop(Duration.ofSeconds(5));
        dispatcher.forEach(d -> d.stop(Duration.ofSeconds(5)));
    }

    /**
     * Storage ports and a mailer are required. The event sink is optional (events reach the webhooks either way), and
     * so is the webhook sender (without it nothing dispatches). Time, ids, keys, metrics and policies have defaults.
     */
    public static final class Builder {
        private Transactions transactions;
        private Businesses businesses;
        private Entitlements entitlements;
        private Grants grants;
        private GrantParties grantParties;
        private Fulfillments fulfillments;
        private LicenseKeys licenseKeys;
        private KeyPools keyPools;
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
        private SignIns signIns;
        private Operators operators;
        private AuditTrail auditTrail;
        private PrivateKeySeal signingKeySeal = PrivateKeySeal.unwrapped();
        private DeliveryMetrics metrics = DeliveryMetrics.NONE;
        private RelayPolicy relayPolicy = RelayPolicy.defaults();
        private WebhookEndpoints webhookEndpoints;
        private WebhookDeliveries webhookDeliveries;
        private ResendLedger resendLedger;
        private PortalSignIns portalSignIns;
        private Throttles throttles;
        private WebhookSender webhookSender;
        private DispatchPolicy dispatchPolicy = DispatchPolicy.defaults();
        private Duration apiKeyCacheTtl = DEFAULT_API_KEY_CACHE_TTL;
        private Duration signInWorkAfter = AfterTheAnswer.LATER;

        private Builder() {}

        /**
         * How long after its answer a sign-in request's lookup and writes start ({@link AfterTheAnswer#LATER} unless
         * set): zero for a test that asks many times and times nothing.
         */
        public Builder signInWorkAfter(Duration later) {
            this.signInWorkAfter = java.util.Objects.requireNonNull(later, "later");
            return this;
        }

        /** All storage ports at once, from one store. */
        public Builder storage(Storage storage) {
            return transactions(storage.transactions()).businesses(storage.businesses()).entitlements(storage.entitlements())
                    .grants(storage.grants()).licenseKeys(storage.licenseKeys()).customers(storage.customers())
                    .apiKeys(storage.apiKeys()).outbox(storage.outbox()).idempotencyRecords(storage.idempotencyRecords())
                    .signingKeys(storage.signingKeys()).keyPools(storage.keyPools()).signIns(storage.signIns())
                    .operators(storage.operators()).auditTrail(storage.auditTrail())
                    .webhookEndpoints(storage.webhookEndpoints()).webhookDeliveries(storage.webhookDeliveries())
                    .resendLedger(storage.resendLedger())
                    .portalSignIns(storage.portalSignIns()).throttles(storage.throttles())
                    .grantParties(storage.grantParties()).fulfillments(storage.fulfillments());
        }

        /**
         * The store's read of a grant with its entitlement and customer. Setting the grants, entitlements or customers
         * port on its own afterwards drops it, so that a fulfillment reads through the ports that were set.
         */
        public Builder grantParties(GrantParties grantParties) {
            this.grantParties = grantParties;
            return this;
        }

        /**
         * The store's writes of a fulfillment as one. Setting the license keys, grants, outbox or key pools port on its
         * own afterwards drops them, so that a fulfillment writes through the ports that were set.
         */
        public Builder fulfillments(Fulfillments fulfillments) {
            this.fulfillments = fulfillments;
            return this;
        }

        public Builder portalSignIns(PortalSignIns portalSignIns) {
            this.portalSignIns = portalSignIns;
            return this;
        }

        public Builder throttles(Throttles throttles) {
            this.throttles = throttles;
            return this;
        }

        public Builder resendLedger(ResendLedger resendLedger) {
            this.resendLedger = resendLedger;
            return this;
        }

        public Builder webhookEndpoints(WebhookEndpoints webhookEndpoints) {
            this.webhookEndpoints = webhookEndpoints;
            return this;
        }

        public Builder webhookDeliveries(WebhookDeliveries webhookDeliveries) {
            this.webhookDeliveries = webhookDeliveries;
            return this;
        }

        /** Who posts webhooks; without one the engine records deliveries but never sends them. */
        public Builder webhookSender(WebhookSender webhookSender) {
            this.webhookSender = webhookSender;
            return this;
        }

        public Builder dispatchPolicy(DispatchPolicy dispatchPolicy) {
            this.dispatchPolicy = dispatchPolicy;
            return this;
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
            this.grantParties = null;
            return this;
        }

        public Builder grants(Grants grants) {
            this.grants = grants;
            this.grantParties = null;
            this.fulfillments = null;
            return this;
        }

        public Builder licenseKeys(LicenseKeys licenseKeys) {
            this.licenseKeys = licenseKeys;
            this.fulfillments = null;
            return this;
        }

        public Builder keyPools(KeyPools keyPools) {
            this.keyPools = keyPools;
            this.grantParties = null;
            this.fulfillments = null;
            return this;
        }

        public Builder customers(Customers customers) {
            this.customers = customers;
            this.grantParties = null;
            return this;
        }

        public Builder apiKeys(ApiKeys apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder outbox(Outbox outbox) {
            this.outbox = outbox;
            this.fulfillments = null;
            return this;
        }

        public Builder idempotencyRecords(IdempotencyRecords idempotencyRecords) {
            this.idempotencyRecords = idempotencyRecords;
            return this;
        }

        public Builder operators(Operators operators) {
            this.operators = operators;
            return this;
        }

        public Builder auditTrail(AuditTrail auditTrail) {
            this.auditTrail = auditTrail;
            return this;
        }

        public Builder signIns(SignIns signIns) {
            this.signIns = signIns;
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

        /** Also receives every event, after the webhooks have recorded it; optional. */
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

        /**
         * How long an authenticated API key is served from memory before it is read again; defaults to
         * {@link #DEFAULT_API_KEY_CACHE_TTL} (1 second). It bounds how long a key revoked by another node or
         * process keeps working here; a revocation through this engine holds from its next request on. {@code 0} reads
         * the key on every request.
         *
         * @throws IllegalArgumentException outside 0 to {@link #MAX_API_KEY_CACHE_TTL} (1 minute)
         */
        public Builder apiKeyCacheTtl(Duration timeToLive) {
            this.apiKeyCacheTtl = AuthenticatedKeys.checkedTimeToLive(timeToLive);
            return this;
        }

        /** @throws IllegalStateException naming every required port that was not given */
        public Grantor build() {
            var missing = List.of(
                            required("transactions", transactions), required("businesses", businesses),
                            required("entitlements", entitlements), required("grants", grants),
                            required("licenseKeys", licenseKeys), required("keyPools", keyPools),
                            required("customers", customers),
                            required("apiKeys", apiKeys), required("outbox", outbox), required("signingKeys", signingKeys),
                            required("signIns", signIns), required("operators", operators),
                            required("auditTrail", auditTrail),
                            required("signingKeySeal", signingKeySeal),
                            required("webhookEndpoints", webhookEndpoints), required("webhookDeliveries", webhookDeliveries),
                            required("resendLedger", resendLedger),
                            required("portalSignIns", portalSignIns), required("throttles", throttles),
                            required("mailer", mailer), required("metrics", metrics), required("relayPolicy", relayPolicy),
                            required("dispatchPolicy", dispatchPolicy))
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
