package dev.grantor.adapter.mail.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.CountingMailMetrics;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpMailer;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivery emails through the outbox relay to a real SMTP server (GreenMail, in this JVM, on loopback):
 * <ol>
 *   <li>throughput: a full outbox drained by {@code relay.runOnce()} passes, with batches of 50 on one SMTP
 *       connection, against batches of 1 (a connection per message);</li>
 *   <li>latency from the commit of a manual fulfillment to the message stored by the server, with the relay
 *       running in the background (poll interval as given).</li>
 * </ol>
 * Storage is the in-memory store, so the figures are the mail path's, not a database's.
 *
 * <p>Run from the repository root (after {@code ./mvnw -B -o -q -pl domain,application install -DskipTests}):
 * <pre>
 * ./mvnw -B -o -q -pl adapters-mail test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.grantor.adapter.mail.bench.MailBenchmark [-Dexec.args="2000 300 20"]
 * </pre>
 * Arguments: emails for throughput (default 2000), latency samples (default 300), relay poll interval in
 * milliseconds for the latency run (default 20; the engine's default is 500).
 */
public final class MailBenchmark {

    public static void main(String[] args) throws Exception {
        int emails = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int pollMillis = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // one INFO line per message would measure the console
        Logger.getLogger("").setLevel(Level.WARNING);
        Arrays.stream(Logger.getLogger("").getHandlers()).forEach(h -> h.setLevel(Level.WARNING));

        int port = freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            System.out.printf("JDK %s, %d cores, GreenMail on 127.0.0.1:%d%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), port);
            throughput(greenMail, port, Math.min(emails, 200), 50, "warm-up");
            throughput(greenMail, port, emails, 50, "batch 50, one connection per batch");
            throughput(greenMail, port, Math.max(emails / 4, 1), 1, "batch 1, one connection per message");
            latency(greenMail, port, Math.min(samples, 50), pollMillis, "warm-up");
            latency(greenMail, port, samples, pollMillis, "relay polling every " + pollMillis + " ms");
        } finally {
            greenMail.stop();
        }
    }

    private static void throughput(GreenMail greenMail, int port, int count, int batchSize, String label) throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        InMemoryStore store = new InMemoryStore();
        CountingMailMetrics connections = new CountingMailMetrics();
        Grantor engine = engine(store, port, RelayPolicy.defaults().withBatchSize(batchSize), connections);
        BusinessId business = engine.access().createBusiness("Bench").get().id();
        Instant now = Instant.now();
        List<OutboxMessage> messages = List.range(0, count).map(i -> {
            String outboxId = "obx_bench" + i;
            DeliveryEmail email = new DeliveryEmail(outboxId, new GrantId(grantId(i)), new EmailAddress("customer" + i + "@example.com"),
                    Option.some("Customer " + i), "Bench Pro", new LicenseKeyValue("BENCH-" + i + "-7Q2M-K9XD-4HTW"), Option.some(3),
                    Option.some(now.plus(Duration.ofDays(365))), Option.some("Open Settings > License and paste the key."));
            return OutboxMessage.fresh(outboxId, business, Kind.EMAIL, DeliveryEmailPayload.TOPIC, DeliveryEmailPayload.encode(email), now);
        });
        store.transactions().write(() -> {
            store.outbox().append(messages);
            return Either.right(true);
        });

        long start = System.nanoTime();
        int handled = 0;
        while (handled < count) {
            handled += engine.relay().runOnce();
        }
        if (!greenMail.waitForIncomingEmail(60_000, count)) {
            throw new IllegalStateException("GreenMail did not receive every message");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput [%s]: %d emails in %.2f s = %.0f emails/s over %d SMTP connections%n", label, count,
                seconds, count / seconds, connections.connections.get());
    }

    private static void latency(GreenMail greenMail, int port, int samples, int pollMillis, String label) throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        InMemoryStore store = new InMemoryStore();
        Grantor engine = engine(store, port, RelayPolicy.defaults().withPollInterval(Duration.ofMillis(pollMillis)),
                MailMetrics.NONE);
        BusinessId business = engine.access().createBusiness("Bench").get().id();
        var config = LicenseKeyConfig.manual().withActivationsLimit(3)
                .withActivationMessage("Open Settings > License and paste the key.");
        Entitlement entitlement = engine.entitlements()
                .create(business, new CreateEntitlement("Bench Pro", config, null, null)).get();
        java.util.List<String> pending = new java.util.ArrayList<>();
        for (int i = 0; i < samples; i++) {
            pending.add(engine.issuing().issue(business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "customer" + i + "@example.com", "Customer " + i), null, null, null))
                    .get().grant().grant().id().value());
        }
        engine.relay().start();
        try {
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                var fulfilled = engine.fulfillment().fulfillLicenseKey(business, pending.get(i),
                        new FulfillLicenseKey("LAT-" + i + "-7Q2M-K9XD", null, null));
                long committed = System.nanoTime();
                if (fulfilled.isLeft()) {
                    throw new IllegalStateException("fulfillment failed: " + fulfilled.getLeft());
                }
                while (greenMail.getReceivedMessages().length < i + 1) {
                    Thread.onSpinWait();
                }
                nanos[i] = System.nanoTime() - committed;
            }
            Arrays.sort(nanos);
            System.out.printf("latency fulfill commit -> message received [%s]: %d samples, median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    label, samples, nanos[samples / 2] / 1e6, nanos[(int) Math.ceil(samples * 0.99) - 1] / 1e6,
                    nanos[samples - 1] / 1e6);
        } finally {
            engine.relay().stop(Duration.ofSeconds(5));
        }
    }

    private static Grantor engine(InMemoryStore store, int port, RelayPolicy policy, MailMetrics metrics) {
        SmtpMailer mailer = new SmtpMailer(SmtpSettings.of("127.0.0.1", port, Security.NONE), Sender.EMBEDDED_DEFAULT,
                InstantSource.system(), metrics);
        return Grantor.builder().storage(EngineFixture.storage(store)).mailer(mailer).eventSink(new RecordingEventSink())
                .clock(InstantSource.system()).relayPolicy(policy).build();
    }

    private static String grantId(int i) {
        String digits = Integer.toString(i);
        return GrantId.PREFIX + "bench" + "0".repeat(16 - digits.length()) + digits;
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
