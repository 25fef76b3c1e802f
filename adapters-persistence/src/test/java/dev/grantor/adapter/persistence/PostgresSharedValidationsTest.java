package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.out.LicenseKeys.CheckedKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL's validations asked at once share reads ({@link SharedReads}, one statement answering many): each caller is
 * answered as its own read inside a unit answers it (keys with and without the instance named, disabled keys, revoked
 * grants, values no key has), a key disabled before a validation began is never found enabled by it, and a validation
 * inside a host's transaction reads on the host's connection, never shared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSharedValidationsTest {

    private static final int CALLERS = 32;

    private JdbcStorage storage;
    private Grantor engine;

    @BeforeAll
    void open() {
        storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(8));
        engine = Engines.over(storage);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    private record Delivered(Samples.World world, GrantId grant, String keyId, String value) {}

    private Delivered delivered() {
        var world = Samples.world(storage);
        var grant = Engines.issuePending(engine, world);
        String value = Samples.keyValue();
        var view = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(), new FulfillLicenseKey(value, null, null)).get();
        return new Delivered(world, grant, view.licenseKey().get().id().value(), value);
    }

    private record Question(LicenseKeyValue value, Option<InstanceId> instance) {}

    @Test
    void validations_asked_together_are_each_answered_as_a_read_of_their_own_answers_them() throws Exception {
        var activated = delivered();
        var held = List.of(
                engine.licensing().activate(new ActivateLicense(activated.value(), "laptop")).get().instance().id(),
                engine.licensing().activate(new ActivateLicense(activated.value(), "desktop")).get().instance().id());
        var plain = delivered();
        var disabled = delivered();
        engine.licenseKeys().update(disabled.world().businessId(), disabled.keyId(), new UpdateLicenseKey(null, false, true, null, false)).get();
        var revoked = delivered();
        storage.transactions().write(() -> {
            var grant = storage.grants().find(revoked.world().businessId(), revoked.grant()).get();
            storage.grants().update(grant.revoke(RevocationReason.MANUAL, Samples.T0.plusSeconds(60)).grant());
            return Either.right(true);
        });
        var values = List.of(activated.value(), plain.value(), disabled.value(), revoked.value(), "NO-SUCH-KEY-" + Samples.keyValue());
        var instances = new ArrayList<Option<InstanceId>>(List.of(Option.none(), Option.some(held.get(0)), Option.some(held.get(1)),
                Option.some(new InstanceId(Samples.id("lki_")))));
        var questions = new ArrayList<Question>();
        values.forEach(value -> instances.forEach(instance -> questions.add(new Question(new LicenseKeyValue(value), instance))));
        var alone = questions.stream().map(q -> storage.transactions().read(() -> ask(q))).toList();
        assertThat(alone.stream().filter(Option::isDefined)).as("every key but the unknown one is found").hasSize(16);
        assertThat(alone.get(1).get().key().instances()).as("a held instance is read with its key").hasSize(1);
        assertThat(alone.get(3 * 4).get().grantRevoked()).as("the revoked grant's key").isTrue();
        assertThat(alone.get(2 * 4).get().key().disabledAt()).as("the disabled key").isNotEmpty();

        var shared = storage.sharedValidations().get();
        long readsBefore = shared.reads();
        long answeredBefore = shared.answered();
        var wrong = new ConcurrentLinkedQueue<String>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var callers = new ArrayList<Future<?>>();
            for (int caller = 0; caller < CALLERS; caller++) {
                int seed = caller;
                callers.add(threads.submit(() -> {
                    var order = new ArrayList<Integer>();
                    for (int i = 0; i < questions.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new java.util.Random(seed));
                    for (int round = 0; round < 5; round++) {
                        for (int i : order) {
                            var answer = ask(questions.get(i));
                            if (!answer.equals(alone.get(i))) {
                                wrong.add(questions.get(i) + " answered " + answer + " where alone " + alone.get(i));
                            }
                        }
                    }
                }));
            }
            for (var caller : callers) {
                caller.get();
            }
        }
        long answered = shared.answered() - answeredBefore;
        long reads = shared.reads() - readsBefore;
        assertThat(wrong).isEmpty();
        assertThat(answered).isEqualTo((long) CALLERS * 5 * questions.size());
        assertThat(reads).as("callers shared reads (%d answered)", answered).isLessThan(answered / 2);
    }

    @Test
    void a_validation_that_began_after_a_disable_committed_never_finds_the_key_enabled() throws Exception {
        var key = delivered();
        var disabledAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        record Seen(long began, boolean valid) {}
        var seen = new ConcurrentLinkedQueue<Seen>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var callers = new ArrayList<Future<?>>();
            for (int caller = 0; caller < CALLERS; caller++) {
                callers.add(threads.submit(() -> {
                    int afterwards = 0;
                    while (afterwards < 20) {
                        long began = System.nanoTime();
                        boolean valid = engine.licensing().validate(new ValidateLicense(key.value(), null)).get();
                        seen.add(new Seen(began, valid));
                        if (began > disabledAt.get()) {
                            afterwards++;
                        }
                    }
                }));
            }
            while (seen.stream().filter(Seen::valid).count() < 200) {
                Thread.sleep(1);
            }
            engine.licenseKeys().update(key.world().businessId(), key.keyId(), new UpdateLicenseKey(null, false, true, null, false)).get();
            disabledAt.set(System.nanoTime());
            for (var caller : callers) {
                caller.get();
            }
        }
        long committed = disabledAt.get();
        assertThat(seen.stream().filter(s -> s.began() < committed && s.valid())).as("found valid before the disable").isNotEmpty();
        var after = seen.stream().filter(s -> s.began() > committed).toList();
        assertThat(after).as("validations that began after the disable committed").hasSizeGreaterThanOrEqualTo(CALLERS * 20);
        assertThat(after).noneMatch(Seen::valid);
    }

    /**
     * One storage whose host has a transaction on one thread only: that thread's validations read on the host's
     * connection (its own uncommitted disable), while 16 other threads validate the same key through the same storage at
     * the same time, sharing reads, and never see it. Shared reads mixing the two would show one side the other's state.
     */
    @Test
    void a_validation_inside_a_host_s_transaction_reads_on_its_connection_never_in_a_shared_read() throws Exception {
        var key = delivered();
        var value = new LicenseKeyValue(key.value());
        var host = new ThreadHost();
        var hosted = JdbcStorage.on(storage.dataSource(), host);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var othersSawDisabled = new java.util.concurrent.atomic.AtomicInteger();
        var othersAsked = new java.util.concurrent.atomic.AtomicInteger();
        int hostSawEnabled = 0;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor(); var hostConnection = storage.dataSource().getConnection()) {
            var others = new ArrayList<Future<?>>();
            for (int caller = 0; caller < 16; caller++) {
                others.add(threads.submit(() -> {
                    while (!stop.get()) {
                        othersAsked.incrementAndGet();
                        if (hosted.licenseKeys().findForValidation(value, Option.none(), found -> false).get().key().disabledAt().isDefined()) {
                            othersSawDisabled.incrementAndGet();
                        }
                    }
                }));
            }
            hostConnection.setAutoCommit(false);
            host.begin(hostConnection);
            try {
                var stored = storage.licenseKeys().find(new dev.grantor.domain.shared.LicenseKeyId(key.keyId())).get();
                hosted.licenseKeys().update(stored.disable(Samples.T0.plusSeconds(120)));
                for (int i = 0; i < 300; i++) {
                    if (hosted.licenseKeys().findForValidation(value, Option.none(), found -> false).get().key().disabledAt().isEmpty()) {
                        hostSawEnabled++;
                    }
                }
            } finally {
                host.end();
                hostConnection.rollback();
            }
            stop.set(true);
            for (var other : others) {
                other.get();
            }
        }
        assertThat(hostSawEnabled).as("the host's thread, inside its transaction, found its disable undone").isZero();
        assertThat(othersSawDisabled.get()).as("other threads saw the host's uncommitted disable (of %d)", othersAsked.get()).isZero();
        assertThat(hosted.sharedValidations().get().answered()).as("the other threads shared reads")
                .isGreaterThan(hosted.sharedValidations().get().reads());
    }

    /** A host whose transaction is active only on the thread that began it. */
    private static final class ThreadHost implements HostTransactions {
        private final ThreadLocal<java.sql.Connection> open = new ThreadLocal<>();

        void begin(java.sql.Connection connection) {
            open.set(connection);
        }

        void end() {
            open.remove();
        }

        @Override
        public boolean active() {
            return open.get() != null;
        }

        @Override
        public java.sql.Connection connection() {
            return open.get();
        }

        @Override
        public void release(java.sql.Connection released) {}

        @Override
        public void afterCommit(Runnable work) {}
    }

    private Option<CheckedKey> ask(Question question) {
        return storage.licenseKeys().findForValidation(question.value(), question.instance(), found -> false);
    }
}
