package dev.grantor.adapter.mail.bench;

import com.sun.management.ThreadMXBean;
import dev.grantor.adapter.mail.MailMessage;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the outbox relay pays to turn one delivery email into bytes, without a mail server:
 * <ul>
 *   <li>{@code build}: the complete message (headers, text and HTML alternatives) as a Jakarta Mail {@code MimeMessage},
 *       written to memory: what an SMTP connection receives (and, before the adapter wrote its own bytes, what the
 *       pickup directory wrote);</li>
 *   <li>{@code bytes}: the same message as the bytes the pickup directory writes to a file;</li>
 *   <li>{@code pickupDirectory}: a batch of 16 written through {@link PickupDirectoryMailer} to a temporary directory
 *       (each file synced and renamed, so this one is bound by the disk, not by the build).</li>
 * </ul>
 * The emails rotate through 64 different ones (names, entitlement names, activation messages, some non-ASCII).
 *
 * <p>Run (not part of {@code verify}), from the repository root:
 * <pre>
 * ./mvnw -B -q -pl adapters-mail -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp adapters-mail/target/test-classes:adapters-mail/target/classes:$(cat adapters-mail/target/bench.cp) \
 *     dev.grantor.adapter.mail.bench.MessageBuildBenchmark
 * </pre>
 * The main method runs one thread with the GC profiler: {@code gc.alloc.rate.norm} is the bytes allocated per email for
 * {@code build} and {@code bytes}, per batch of 16 for {@code pickupDirectory}. An argument picks benchmarks by a
 * regular expression, e.g. {@code "(build|bytes)"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageBuildBenchmark {

    static final int BATCH = 16;

    @State(Scope.Thread)
    public static class Emails {
        final Session session = Session.getInstance(new Properties());
        final Sender sender = Sender.parse("Acme Software <keys@acme.example>").get();
        final Instant sentAt = Instant.parse("2026-12-02T18:30:00Z");
        MailMessage[] messages;
        DeliveryEmail[] emails;
        int next;

        @Setup(Level.Trial)
        public void generate() {
            // one INFO line per written file would measure the console
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            // as in the service: a mailer settles Jakarta Mail's stream provider once, instead of a service lookup per part
            new PickupDirectoryMailer(Path.of("unused"), sender, InstantSource.system(), MailMetrics.NONE);
            emails = new DeliveryEmail[64];
            messages = new MailMessage[emails.length];
            for (int i = 0; i < emails.length; i++) {
                emails[i] = email(i);
                messages[i] = MailMessage.of(emails[i], sender);
            }
        }

        /**
         * The machine is shared, so emails per second swing with the neighbours' load; the CPU time this thread spent
         * per email does not, and is printed after each iteration.
         */
        private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        private long cpuAtStart;
        private long builtAtStart;
        private long built;

        @Setup(Level.Iteration)
        public void startCounting() {
            cpuAtStart = threads.getCurrentThreadCpuTime();
            builtAtStart = built;
        }

        @TearDown(Level.Iteration)
        public void printCpuPerEmail() {
            long emails = built - builtAtStart;
            if (emails > 0) {
                System.out.printf("  [%d emails, %.1f us CPU per email on this thread]%n", emails,
                        (threads.getCurrentThreadCpuTime() - cpuAtStart) / 1e3 / emails);
            }
        }

        MailMessage nextMessage() {
            built++;
            return messages[next++ & (messages.length - 1)];
        }

        DeliveryEmail nextEmail() {
            return emails[next++ & (emails.length - 1)];
        }
    }

    @State(Scope.Thread)
    public static class Directory {
        Path directory;
        PickupDirectoryMailer mailer;

        @Setup(Level.Iteration)
        public void create() throws IOException {
            directory = Files.createTempDirectory("grantor-pickup-bench");
            mailer = new PickupDirectoryMailer(directory, Sender.EMBEDDED_DEFAULT, InstantSource.system(), MailMetrics.NONE);
        }

        @TearDown(Level.Iteration)
        public void delete() throws IOException {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public byte[] build(Emails emails) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        emails.nextMessage().toMimeMessage(emails.session, emails.sentAt).writeTo(out);
        return out.toByteArray();
    }

    @Benchmark
    public byte[] bytes(Emails emails) throws Exception {
        return emails.nextMessage().toBytes(emails.sentAt);
    }

    @Benchmark
    public List<SendOutcome> pickupDirectory(Emails emails, Directory directory) {
        var batch = List.range(0, BATCH).map(i -> fresh(emails.nextEmail(), emails.next));
        return directory.mailer.send(batch);
    }

    private static DeliveryEmail fresh(DeliveryEmail e, int n) {
        return new DeliveryEmail("obx_bench" + n, new GrantId(grantId(n)), e.to(), e.customerName(), e.entitlementName(),
                e.key(), e.activationsLimit(), e.expiresAt(), e.activationMessage());
    }

    private static DeliveryEmail email(int i) {
        boolean foreign = i % 4 == 3;
        String name = foreign ? "Zoë Müller-Łukasiewicz " + i : "Customer " + i;
        String product = foreign ? "Schlüsseldienst Pro ✓" : "Bench Pro " + i;
        String message = switch (i % 3) {
            case 0 -> "Open Settings > License and paste the key.";
            case 1 -> "Open Settings > License and paste the key.\nRestart the app afterwards; your data = safe.\n"
                    + "A longer paragraph that explains in some detail what to do if the activation fails, which "
                    + "support address to write to, and which log file to attach to the message.";
            default -> "";
        };
        return new DeliveryEmail("obx_bench" + i, new GrantId(grantId(i)), new EmailAddress("customer" + i + "@example.com"),
                Option.some(name), product, new LicenseKeyValue("BENCH-" + i + "-7Q2M-K9XD-4HTW"), Option.some(3),
                Option.some(Instant.parse("2027-12-02T18:30:00Z").plus(Duration.ofDays(i))),
                message.isEmpty() ? Option.none() : Option.some(message));
    }

    private static String grantId(int i) {
        String digits = Integer.toString(i);
        return GrantId.PREFIX + "bench" + "0".repeat(16 - digits.length()) + digits;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(MessageBuildBenchmark.class.getSimpleName() + "\\."
                + (args.length > 0 ? args[0] : ".*")).threads(1).addProfiler("gc").build()).run();
    }
}
