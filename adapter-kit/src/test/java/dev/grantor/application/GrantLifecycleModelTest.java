package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.application.port.in.GrantFulfillment.ReportFailure;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every sequence of use-case calls on one grant, up to a bounded length, run through the whole engine and
 * compared after each step with a transition table kept here, independent of the domain code: the
 * answer (success or error code), the status, the key, the outbox messages written, and the invariants
 * (revoked absorbs except that enabling a key brings back the delivery its disabling revoked, {@code delivered_at}
 * set iff delivered once, a rejected call changes nothing).
 */
class GrantLifecycleModelTest {

    /** Eight calls on a license-key grant, five on a github grant: 4,680 and 3,905 sequences. */
    static final int LICENSE_KEY_MAX_LENGTH = 4;
    static final int HOST_PROVISIONED_MAX_LENGTH = 5;
    static final int ACTIVATIONS_LIMIT = 2;

    /** {@code DISABLE_KEY} and {@code ENABLE_KEY} are {@code PATCH /license_keys/{id}} with {@code disabled} true, false. */
    enum Call { FULFILL_A, FULFILL_B, REPORT_FAILURE, REPORT_DELIVERY, REVOKE, ACTIVATE, DISABLE_KEY, ENABLE_KEY }

    /**
     * The table's view of one grant. {@code key} is the delivered key's name ("A" or "B"), or null;
     * {@code keyDisabled}: revoked because its key was disabled, the one revocation enabling undoes.
     */
    record Model(GrantStatus status, String key, int instances, boolean deliveredOnce, boolean keyDisabled) {
        static final Model ISSUED = new Model(GrantStatus.PENDING, null, 0, false, false);

        Model revoked(boolean byDisabling) {
            return new Model(GrantStatus.REVOKED, key, instances, deliveredOnce, byDisabling);
        }

        Model enabled() {
            return new Model(GrantStatus.DELIVERED, key, instances, deliveredOnce, false);
        }
    }

    /** What the table says a call answers and writes. */
    record Step(Model next, String answer, int events, int emails) {
        static Step ok(Model next, int events, int emails) {
            return new Step(next, "ok", events, emails);
        }

        static Step rejected(Model unchanged, String code) {
            return new Step(unchanged, code, 0, 0);
        }
    }

    /** The transition table of shared/spec/README.md, written out for a license-key grant in manual mode. */
    static Step licenseKeyGrant(Model m, Call call) {
        return switch (call) {
            case FULFILL_A, FULFILL_B -> {
                String key = call == Call.FULFILL_A ? "A" : "B";
                if (m.status() == GrantStatus.PENDING) {
                    yield Step.ok(new Model(GrantStatus.DELIVERED, key, 0, true, false), 2, 1);
                }
                if (m.status() == GrantStatus.DELIVERED && key.equals(m.key())) {
                    yield Step.ok(m, 0, 0);
                }
                yield Step.rejected(m, "GRANT_NOT_PENDING");
            }
            case REPORT_FAILURE -> m.status() == GrantStatus.PENDING
                    ? Step.ok(new Model(GrantStatus.FAILED, null, 0, false, false), 1, 0) : Step.rejected(m, "GRANT_NOT_PENDING");
            case REPORT_DELIVERY -> Step.rejected(m, "NOT_A_LICENSE_KEY_GRANT");
            // a revoked grant keeps the reason it was first revoked for, so a refund after disabling changes nothing
            case REVOKE -> m.status() == GrantStatus.REVOKED ? Step.ok(m, 0, 0) : Step.ok(m.revoked(false), 1, 0);
            // a grant without a key has no key id to address
            case DISABLE_KEY -> {
                if (m.key() == null) {
                    yield Step.rejected(m, "NOT_FOUND");
                }
                yield m.status() == GrantStatus.REVOKED ? Step.ok(m, 0, 0) : Step.ok(m.revoked(true), 1, 0);
            }
            case ENABLE_KEY -> {
                if (m.key() == null) {
                    yield Step.rejected(m, "NOT_FOUND");
                }
                if (m.status() != GrantStatus.REVOKED) {
                    yield Step.ok(m, 0, 0);
                }
                // the one way out of Revoked: back to the delivery, no second email
                yield m.keyDisabled() ? Step.ok(m.enabled(), 1, 0) : Step.rejected(m, "GRANT_REVOKED");
            }
            case ACTIVATE -> {
                if (m.key() == null) {
                    yield Step.rejected(m, "LICENSE_KEY_NOT_FOUND");
                }
                if (m.status() == GrantStatus.REVOKED) {
                    yield Step.rejected(m, "INACTIVE_LICENSE_KEY");
                }
                yield m.instances() < ACTIVATIONS_LIMIT
                        ? Step.ok(new Model(m.status(), m.key(), m.instances() + 1, true, false), 0, 0)
                        : Step.rejected(m, "LICENSE_KEY_LIMIT_REACHED");
            }
        };
    }

    /** The same table for a grant the host provisions (github): no keys, outcomes reported by the host. */
    static Step hostProvisionedGrant(Model m, Call call) {
        return switch (call) {
            case FULFILL_A, FULFILL_B -> Step.rejected(m, "NOT_A_LICENSE_KEY_GRANT");
            case REPORT_FAILURE -> m.status() == GrantStatus.PENDING
                    ? Step.ok(new Model(GrantStatus.FAILED, null, 0, false, false), 1, 0) : Step.rejected(m, "GRANT_NOT_PENDING");
            case REPORT_DELIVERY -> m.status() == GrantStatus.PENDING
                    ? Step.ok(new Model(GrantStatus.DELIVERED, null, 0, true, false), 1, 0) : Step.rejected(m, "GRANT_NOT_PENDING");
            case REVOKE -> m.status() == GrantStatus.REVOKED ? Step.ok(m, 0, 0) : Step.ok(m.revoked(false), 1, 0);
            case ACTIVATE -> Step.rejected(m, "LICENSE_KEY_NOT_FOUND");
            case DISABLE_KEY, ENABLE_KEY -> throw new IllegalArgumentException("a github grant has no license key to address");
        };
    }

    /** Counts what use cases append, so a step's writes are seen without reading the whole outbox. */
    static final class CountingOutbox implements Outbox {
        private final Outbox delegate;
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger emails = new AtomicInteger();

        CountingOutbox(Outbox delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(List<OutboxMessage> messages) {
            delegate.append(messages);
            events.addAndGet(messages.count(m -> m.kind() == Kind.EVENT));
            emails.addAndGet(messages.count(m -> m.kind() == Kind.EMAIL));
        }

        @Override
        public List<OutboxMessage> claimDue(java.time.Instant now, int limit, Duration lease) {
            return delegate.claimDue(now, limit, lease);
        }

        @Override
        public boolean markSent(dev.grantor.application.port.out.Claim claim, java.time.Instant at) {
            return delegate.markSent(claim, at);
        }

        @Override
        public boolean reschedule(dev.grantor.application.port.out.Claim claim, int attempts, java.time.Instant nextAttemptAt, String error) {
            return delegate.reschedule(claim, attempts, nextAttemptAt, error);
        }

        @Override
        public boolean park(dev.grantor.application.port.out.Claim claim, int attempts, String error, java.time.Instant at) {
            return delegate.park(claim, attempts, error, at);
        }

        @Override
        public boolean requeue(String id, java.time.Instant now) {
            return delegate.requeue(id, now);
        }

        @Override
        public BringForward bringForward(dev.grantor.domain.shared.BusinessId business, String id, java.time.Instant now) {
            return delegate.bringForward(business, id, now);
        }

        @Override
        public int purgeSent(java.time.Instant createdBefore, int limit) {
            return delegate.purgeSent(createdBefore, limit);
        }

        @Override
        public io.vavr.control.Option<OutboxMessage> find(String id) {
            return delegate.find(id);
        }

        @Override
        public io.vavr.control.Option<OutboxMessage> hold(dev.grantor.domain.shared.BusinessId business, String id) {
            return delegate.hold(business, id);
        }

        @Override
        public List<GrantEmail> emailsAbout(dev.grantor.domain.shared.BusinessId business, dev.grantor.domain.shared.GrantId grant,
                                            io.vavr.control.Option<dev.grantor.application.port.out.Before> before, int limit) {
            return delegate.emailsAbout(business, grant, before, limit);
        }

        @Override
        public List<OutboxMessage> list(OutboxMessage.Status status, dev.grantor.application.port.out.Page page) {
            return delegate.list(status, page);
        }

        @Override
        public List<OutboxMessage> list(dev.grantor.domain.shared.BusinessId business, OutboxMessage.Status status,
                                        dev.grantor.application.port.out.Page page) {
            return delegate.list(business, status, page);
        }

        @Override
        public Depth depth(java.time.Instant now) {
            return delegate.depth(now);
        }
    }

    final InMemoryStore store = new InMemoryStore();
    final CountingOutbox outbox = new CountingOutbox(store.outbox());
    final MutableClock clock = new MutableClock();
    final Grantor grantor = Grantor.builder().storage(EngineFixture.storage(store)).outbox(outbox)
            .mailer(new RecordingMailer()).eventSink(new RecordingEventSink()).clock(clock).build();
    final BusinessId business = grantor.access().createBusiness("Model").get().id();
    int sequenceNumber;
    int steps;

    interface Table {
        Step apply(Model model, Call call);
    }

    /** Runs one sequence on a fresh grant of {@code entitlement}, checking every step against the table. */
    void run(Entitlement entitlement, Table table, java.util.List<Call> sequence) {
        int seq = sequenceNumber++;
        var grantId = grantor.issuing().issue(business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "model@example.com", null), null, null, null)).get().grant().grant().id().value();
        var model = Model.ISSUED;
        for (Call call : sequence) {
            clock.advance(Duration.ofSeconds(1));
            Grant before = grantor.grants().get(business, grantId).get().grant();
            int events = outbox.events.get();
            int emails = outbox.emails.get();

            Either<GrantorError, ?> answer = perform(call, grantId, seq, model);
            Step expected = table.apply(model, call);

            String context = "sequence " + sequence + " at " + call + " from " + model;
            assertThat(answer.isRight() ? "ok" : answer.getLeft().code().name()).as(context).isEqualTo(expected.answer());
            assertThat(outbox.events.get() - events).as(context + ": events").isEqualTo(expected.events());
            assertThat(outbox.emails.get() - emails).as(context + ": emails").isEqualTo(expected.emails());
            var after = grantor.grants().get(business, grantId).get();
            assertThat(after.grant().status()).as(context).isEqualTo(expected.next().status());
            if (answer.isLeft() || expected.events() == 0) {
                assertThat(after.grant()).as(context + ": nothing changes").isEqualTo(before);
            }
            assertThat(after.grant().deliveredAt().isDefined()).as(context + ": delivered_at")
                    .isEqualTo(expected.next().deliveredOnce());
            assertThat(after.licenseKey().map(k -> k.value().value()).getOrNull()).as(context + ": key")
                    .isEqualTo(expected.next().key() == null ? null : expected.next().key() + "-" + seq);
            after.licenseKey().forEach(key -> {
                assertThat(key.activationsUsed()).as(context + ": instances").isEqualTo(expected.next().instances());
                assertThat(key.statusAt(clock.instant())).as(context + ": key status").isEqualTo(
                        expected.next().status() == GrantStatus.REVOKED ? LicenseKeyStatus.DISABLED : LicenseKeyStatus.ACTIVE);
            });
            boolean valid = expected.next().key() != null
                    && grantor.licensing().validate(new ValidateLicense(expected.next().key() + "-" + seq, null)).get();
            assertThat(valid).as(context + ": valid").isEqualTo(expected.next().key() != null && expected.next().status() != GrantStatus.REVOKED);
            model = expected.next();
            steps++;
        }
    }

    /** An activation uses the key the table says was delivered, else a key of this sequence nobody has. */
    private Either<GrantorError, ?> perform(Call call, String grantId, int seq, Model model) {
        return switch (call) {
            case FULFILL_A -> grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("A-" + seq, null, null));
            case FULFILL_B -> grantor.fulfillment().fulfillLicenseKey(business, grantId, new FulfillLicenseKey("B-" + seq, null, null));
            case REPORT_FAILURE -> grantor.fulfillment().reportFailure(business, grantId, new ReportFailure("E_SEAT", "no seat left"));
            case REPORT_DELIVERY -> grantor.fulfillment().reportDelivery(business, grantId,
                    new ReportDelivery(null, "https://provider.test/invite", null, null));
            case REVOKE -> grantor.fulfillment().revoke(business, grantId, new RevokeGrant(null, "refund"));
            case ACTIVATE -> grantor.licensing().activate(new ActivateLicense((model.key() == null ? "A" : model.key()) + "-" + seq, "machine"));
            case DISABLE_KEY -> grantor.licenseKeys().update(business, keyIdOf(grantId), new UpdateLicenseKey(null, false, true, null, false));
            case ENABLE_KEY -> grantor.licenseKeys().update(business, keyIdOf(grantId), new UpdateLicenseKey(null, false, false, null, false));
        };
    }

    /** The grant's key as the engine stores it, else an id no key has (the grant has no key to address). */
    private String keyIdOf(String grantId) {
        return grantor.grants().get(business, grantId).get().licenseKey().map(k -> k.id().value())
                .getOrElse("lic_000000000000000000000");
    }

    /** Every sequence of exactly {@code length} calls from {@code alphabet}. */
    static void everySequence(java.util.List<Call> alphabet, int length, java.util.List<Call> prefix, Consumer<java.util.List<Call>> visit) {
        if (prefix.size() == length) {
            visit.accept(prefix);
            return;
        }
        for (Call call : alphabet) {
            var next = new ArrayList<>(prefix);
            next.add(call);
            everySequence(alphabet, length, next, visit);
        }
    }

    int runAll(Entitlement entitlement, Table table, java.util.List<Call> alphabet, int maxLength) {
        int before = sequenceNumber;
        for (int length = 1; length <= maxLength; length++) {
            everySequence(alphabet, length, java.util.List.of(), sequence -> run(entitlement, table, sequence));
        }
        return sequenceNumber - before;
    }

    @Nested
    class Every_bounded_sequence_of_calls {

        @Test
        void on_a_manual_license_key_grant_follows_the_transition_table() {
            var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Model key",
                    LicenseKeyConfig.manual().withActivationsLimit(ACTIVATIONS_LIMIT), null, null)).get();

            int sequences = runAll(entitlement, GrantLifecycleModelTest::licenseKeyGrant, java.util.List.of(Call.values()),
                    LICENSE_KEY_MAX_LENGTH);

            System.out.printf("model-based: %d sequences, %d steps on license-key grants%n", sequences, steps);
            assertThat(sequences).isEqualTo(4680);
        }

        @Test
        void on_a_host_provisioned_grant_follows_the_transition_table() {
            var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Model repo",
                    new GithubConfig("acme/pro", GithubPermission.PULL), null, null)).get();

            int sequences = runAll(entitlement, GrantLifecycleModelTest::hostProvisionedGrant,
                    java.util.List.of(Call.FULFILL_A, Call.REPORT_FAILURE, Call.REPORT_DELIVERY, Call.REVOKE, Call.ACTIVATE),
                    HOST_PROVISIONED_MAX_LENGTH);

            System.out.printf("model-based: %d sequences, %d steps on github grants%n", sequences, steps);
            assertThat(sequences).isEqualTo(3905);
        }
    }
}
