package dev.grantor.application.bench;

import dev.grantor.application.EngineFixture;
import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.view.EntitlementGrantView;
import dev.grantor.application.view.EventEnvelope;
import dev.grantor.application.view.LicenseKeyView;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.control.Option;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What rendering costs on the product's one JSON configuration ({@link GrantorJson}), per value of the kinds a
 * fulfillment writes: its two event envelopes and its delivery email payload (inside the write unit), and the
 * grant view the REST adapter answers with. Prints operations per second and bytes allocated per operation on
 * this thread. Not a test; compare builds by running it against each one's classes:
 *
 * <pre>
 * ./mvnw -B -o -q -pl adapter-kit -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp adapter-kit/target/test-classes:adapter-kit/target/classes:$(cat adapter-kit/target/bench.cp) \
 *     dev.grantor.application.bench.JsonRenderBenchmark [seconds per kind]
 * </pre>
 */
public final class JsonRenderBenchmark {

    private JsonRenderBenchmark() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        var engine = new EngineFixture();
        var grant = engine.issue(engine.manualEntitlement());
        var fulfilled = engine.fulfill(grant, "BENCH-KEY-0001").get();
        var key = fulfilled.licenseKey().get();
        var business = engine.business.value();
        var grantView = EntitlementGrantView.of(fulfilled);
        var delivered = new EventEnvelope(business, "entitlement_grant.delivered", fulfilled.readAt(), grantView);
        var created = new EventEnvelope(business, "license_key.created", fulfilled.readAt(),
                LicenseKeyView.of(key, fulfilled.grant(), fulfilled.readAt()));
        var email = new DeliveryEmail("msg_0123456789012345678901", fulfilled.grant().id(), new EmailAddress("someone@example.com"),
                Option.some("Someone"), "Pro plan", key.value(), Option.some(3), Option.none(), Option.some("Thank you"),
                Option.none(), false);

        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "warm-up:" : "measured:");
            measure("event envelope (grant delivered)", seconds, () -> GrantorJson.write(delivered));
            measure("event envelope (license key created)", seconds, () -> GrantorJson.write(created));
            measure("delivery email payload", seconds, () -> DeliveryEmailPayload.encode(email));
            measure("REST grant view", seconds, () -> GrantorJson.write(grantView));
            // as the server renders them: each request on a virtual thread of its own (Javalin's), which starts with
            // empty thread-locals
            onVirtualThreads("a fulfillment's 4 on a new virtual thread", seconds, () -> GrantorJson.write(delivered).length()
                    + GrantorJson.write(created).length() + DeliveryEmailPayload.encode(email).length()
                    + GrantorJson.write(grantView).length());
            onVirtualThreads("nothing on a new virtual thread", seconds, () -> 0);
        }
        System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void onVirtualThreads(String what, double seconds, java.util.function.IntSupplier render) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        long[] length = {0};
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long bytesBefore = threads.getTotalThreadAllocatedBytes();
        long cpuBefore = process.getProcessCpuTime();
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                Thread.ofVirtual().start(() -> length[0] += render.getAsInt()).join();
            }
            ops += 100;
        }
        long elapsed = System.nanoTime() - start;
        long bytes = threads.getTotalThreadAllocatedBytes() - bytesBefore;
        long cpu = process.getProcessCpuTime() - cpuBefore;
        System.out.printf("  %-38s %,12.0f ops/s %8.0f ns/op %8.0f bytes/op %8.0f process CPU ns/op (all threads; %d chars)%n",
                what, ops / (elapsed / 1e9), (double) elapsed / ops, (double) bytes / ops, (double) cpu / ops, length[0] / ops);
    }

    private static void measure(String what, double seconds, Supplier<String> render) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        long length = 0;
        long bytesBefore = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000; i++) {
                length += render.get().length();
            }
            ops += 1_000;
        }
        long elapsed = System.nanoTime() - start;
        long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
        System.out.printf("  %-38s %,12.0f ops/s %8.0f ns/op %8.0f bytes/op (%d chars)%n", what, ops / (elapsed / 1e9),
                (double) elapsed / ops, (double) bytes / ops, length / ops);
    }
}
