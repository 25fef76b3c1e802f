package dev.grantor.application;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole engine in memory with one business, and short ways to the common steps of a test. */
public final class EngineFixture {

    public final InMemoryStore store = new InMemoryStore();
    public final RecordingMailer mailer = new RecordingMailer();
    public final RecordingEventSink events = new RecordingEventSink();
    public final MutableClock clock = new MutableClock();
    public final Grantor grantor;
    public final BusinessId business;

    public EngineFixture() {
        grantor = Grantor.builder().storage(storage(store)).mailer(mailer).eventSink(events).clock(clock)
                .signInWorkAfter(java.time.Duration.ZERO).build();
        business = grantor.access().createBusiness("Acme").get().id();
    }

    /** The in-memory store's ports as the facade's {@link Grantor.Storage}. */
    public static Grantor.Storage storage(InMemoryStore store) {
        return store;
    }

    public static Map<String, Object> licenseKeyConfig(String mode, Integer limit) {
        var config = new LinkedHashMap<String, Object>();
        config.put("fulfillment_mode", mode);
        config.put("activations_limit", limit);
        return config;
    }

    /** A config given in the HTTP API's words, as the REST edge reads one; for tests that speak the wire. */
    public static IntegrationConfig wireConfig(String type, Map<String, ?> config) {
        return IntegrationType.parse(type).flatMap(parsed -> IntegrationConfigFields.read(parsed, config))
                .getOrElseThrow(problem -> new IllegalArgumentException(problem.message()));
    }

    public Entitlement entitlement(String type, Map<String, Object> config) {
        return entitlement(wireConfig(type, config));
    }

    public Entitlement entitlement(IntegrationConfig config) {
        return grantor.entitlements().create(business, new CreateEntitlement("Pro " + config.type().wire(), config, null, null)).get();
    }

    public Entitlement manualEntitlement() {
        return entitlement(LicenseKeyConfig.manual().withActivationsLimit(5));
    }

    public Entitlement autoEntitlement() {
        return entitlement(LicenseKeyConfig.auto().withActivationsLimit(5));
    }

    public Entitlement githubEntitlement() {
        return entitlement(new GithubConfig("acme/pro", GithubPermission.PULL));
    }

    public static IssueGrant issueTo(String email) {
        return new IssueGrant(new CustomerContact(null, email, "Ada"), null, null, null);
    }

    public static IssueGrant issueForPayment(String email, String paymentId) {
        return new IssueGrant(new CustomerContact(null, email, "Ada"), paymentId, null, null);
    }

    public GrantView issue(Entitlement entitlement) {
        return issue(entitlement.id().value());
    }

    /** A new grant of the entitlement to ada@example.com, issued directly (no payment, so never deduplicated). */
    public GrantView issue(String entitlementId) {
        return grantor.issuing().issue(business, entitlementId, issueTo("ada@example.com")).get().grant();
    }

    public Either<GrantorError, GrantView> fulfill(GrantView grant, String key) {
        return grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(), new FulfillLicenseKey(key, null, null));
    }

    /** Waits until the sign-in requests answered so far have done their writes, which come after the answer. */
    public void settled() {
        settled(grantor);
    }

    public static void settled(Grantor grantor) {
        try {
            if (!grantor.afterTheAnswer().settle(java.time.Duration.ofSeconds(30))) {
                throw new AssertionError("sign-in requests still unfinished after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the outbox holds once the sign-in requests answered so far have done their writes. */
    public List<OutboxMessage> outbox() {
        settled();
        return store.outboxMessages();
    }

    public List<OutboxMessage> outbox(Kind kind) {
        return outbox().filter(m -> m.kind() == kind);
    }
}
