package dev.grantor.application.bench;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantIssuing.IssuedGrant;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Issuing an auto license-key grant through the whole engine with in-memory adapters, with random keys and
 * with signed keys: the difference is the cost of signing at issue (payload, one Ed25519 signature, the
 * model run a second time with the signed value). Each operation issues to a new payment, so none is
 * deduplicated.
 *
 * <p>Run (not part of {@code verify}; figures in docs/offline-verification.md, "Performance"):
 * <pre>
 * ./mvnw -B -q -pl adapter-kit -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp adapter-kit/target/test-classes:adapter-kit/target/classes:$(cat adapter-kit/target/bench.cp) \
 *     dev.grantor.application.bench.SignedIssueBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SignedIssueBenchmark {

    @State(Scope.Benchmark)
    public static class Engine {
        @Param({"random", "signed"})
        String keyFormat;

        EngineFixture engine;
        Entitlement entitlement;
        final AtomicLong next = new AtomicLong();

        /** A fresh store per iteration, so the store's size does not drift across the measurement. */
        @Setup(Level.Iteration)
        public void setUp() {
            engine = new EngineFixture();
            var config = new LinkedHashMap<String, Object>(EngineFixture.licenseKeyConfig("auto", 3));
            config.put("key_format", keyFormat);
            config.put("duration_count", 1);
            config.put("duration_interval", "Year");
            entitlement = engine.entitlement("license_key", config);
            engine.grantor.issuing().issue(engine.business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "warm@example.com", null), "pay_warm", null, null)).get();
        }

        Either<GrantorError, IssuedGrant> issueNext() {
            long n = next.getAndIncrement();
            return engine.grantor.issuing().issue(engine.business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "bench" + (n % 1000) + "@example.com", null), "pay_" + n, null, null));
        }
    }

    @Benchmark
    public Either<GrantorError, IssuedGrant> issue(Engine state) {
        return state.issueNext();
    }

    public static void main(String[] args) throws RunnerException {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            new Runner(new OptionsBuilder().include(SignedIssueBenchmark.class.getSimpleName()).threads(threads).build()).run();
        }
    }
}
