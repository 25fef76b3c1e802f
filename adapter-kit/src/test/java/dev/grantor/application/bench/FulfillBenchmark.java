package dev.grantor.application.bench;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Manual fulfillment through the whole engine with in-memory adapters: validation, the unit of work, the
 * domain transition, the uniqueness check, and three outbox messages (two events, one email) rendered to
 * JSON. No database and no network, so this is the engine's own cost per fulfillment: the ceiling every
 * storage adapter stays under. Each operation fulfills a fresh pending grant (issued outside the
 * measurement, in batches) with a unique key.
 *
 * <p>Run (not part of {@code verify}):
 * <pre>
 * ./mvnw -B -o -q -pl adapter-kit -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp adapter-kit/target/test-classes:adapter-kit/target/classes:$(cat adapter-kit/target/bench.cp) \
 *     dev.grantor.application.bench.FulfillBenchmark
 * </pre>
 * With {@code -am} the class path names the sibling modules' fresh classes, not whatever was last installed in the
 * local repository. Each iteration holds a new store of {@value #BATCH} grants, so the heap's size moves the figures:
 * compare builds with the same {@code -jvmArgsAppend "-Xms3g -Xmx3g"}, in alternating runs.
 * The main method runs one thread and then as many threads as there are cores; JMH's own options work
 * too: {@code java -cp ... org.openjdk.jmh.Main FulfillBenchmark -f 2 -wi 3 -i 3 -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FulfillBenchmark {

    /** Grants issued ahead per refill; an iteration at the in-memory ceiling needs this many at most. */
    static final int BATCH = 150_000;

    @State(Scope.Benchmark)
    public static class Engine {
        EngineFixture engine;
        Entitlement entitlement;
        GrantView[] pending;
        final AtomicLong next = new AtomicLong();

        /** A fresh store per iteration, so the store's size does not drift across the measurement. */
        @Setup(Level.Iteration)
        public void refill() {
            engine = new EngineFixture();
            entitlement = engine.manualEntitlement();
            pending = new GrantView[BATCH];
            for (int i = 0; i < BATCH; i++) {
                pending[i] = engine.grantor.issuing().issue(engine.business, entitlement.id().value(),
                        new IssueGrant(new CustomerContact(null, "bench" + (i % 1000) + "@example.com", null), null, null, null))
                        .get().grant();
            }
            next.set(0);
        }

        Either<GrantorError, GrantView> fulfillNext() {
            long n = next.getAndIncrement();
            if (n >= BATCH) {
                throw new IllegalStateException("an iteration outran its " + BATCH + " pending grants: raise BATCH");
            }
            var grant = pending[(int) (n % BATCH)];
            return engine.grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(),
                    new FulfillLicenseKey("BENCH-" + n, null, null));
        }
    }

    @Benchmark
    public Either<GrantorError, GrantView> fulfill(Engine state) {
        return state.fulfillNext();
    }

    public static void main(String[] args) throws RunnerException {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            new Runner(new OptionsBuilder().include(FulfillBenchmark.class.getSimpleName()).threads(threads).build()).run();
        }
    }
}
