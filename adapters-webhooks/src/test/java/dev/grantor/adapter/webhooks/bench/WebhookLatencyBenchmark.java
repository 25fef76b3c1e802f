package dev.grantor.adapter.webhooks.bench;

import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.InMemoryWebhooks;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.application.webhook.WebhookFanOut;
import dev.grantor.application.webhook.WebhookService;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Delivery latency, event commit to receiver: the time from {@code issue(...)} returning (its unit of work
 * committed the grant and its event) to a real HTTP receiver on loopback getting the webhook. Runs the
 * outbox relay and the dispatcher in the background as a service does. Not a test; run by hand:
 * {@code WebhookLatencyBenchmark [memory|sqlite] [relayPollMillis] [events]}.
 */
public final class WebhookLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "memory";
        long pollMillis = args.length > 1 ? Long.parseLong(args[1]) : RelayPolicy.defaults().pollInterval().toMillis();
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 300;

        var arrivals = new ConcurrentHashMap<String, Long>();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            long at = System.nanoTime();
            try (exchange) {
                @SuppressWarnings("unchecked")
                var envelope = (Map<String, Object>) GrantorJson.read(new String(exchange.getRequestBody().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
                @SuppressWarnings("unchecked")
                var data = (Map<String, Object>) envelope.get("data");
                arrivals.putIfAbsent((String) data.get("id"), at);
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();

        var clock = InstantSource.system();
        Grantor.Storage storage;
        AutoCloseable closing;
        if (store.equals("sqlite")) {
            var jdbc = JdbcStorage.open(StorageSettings.sqlite(Files.createTempDirectory("grantor-bench").resolve("db")));
            storage = jdbc;
            closing = jdbc;
        } else {
            storage = new InMemoryStore();
            closing = () -> {};
        }
        var sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
        var grantor = Grantor.builder().storage(storage).mailer(new RecordingMailer()).clock(clock).webhookSender(sender)
                .dispatchPolicy(DispatchPolicy.defaults().withPrivateTargetsAllowed(true))
                .relayPolicy(RelayPolicy.defaults().withPollInterval(Duration.ofMillis(pollMillis))).build();
        var dispatcher = grantor.dispatcher().get();
        var webhooks = grantor.webhooks();
        var business = grantor.access().createBusiness("Bench").get().id();
        webhooks.create(business, new CreateWebhook("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", null, null,
                java.util.List.of("entitlement_grant.created"), null, null, null)).get();
        var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.manual(), null, null)).get();
        grantor.relay().start();
        dispatcher.start();

        var committed = new ConcurrentHashMap<String, Long>();
        int warmup = Math.min(50, events / 5);
        for (int i = 0; i < warmup + events; i++) {
            var grant = grantor.issuing().issue(business, entitlement.id().value(),
                    new IssueGrant(new CustomerContact(null, "b" + i + "@example.com", null), null, null, null)).get().grant();
            if (i >= warmup) {
                committed.put(grant.grant().id().value(), System.nanoTime());
            }
            Thread.sleep(7 + (i * 13L) % 17);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!arrivals.keySet().containsAll(committed.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        var millis = committed.entrySet().stream()
                .filter(e -> arrivals.containsKey(e.getKey()))
                .mapToDouble(e -> (arrivals.get(e.getKey()) - e.getValue()) / 1e6)
                .sorted().toArray();
        System.out.printf("store=%s relayPoll=%dms events=%d received=%d%n", store, pollMillis, committed.size(), millis.length);
        System.out.printf("commit->receiver ms: p50=%.1f p90=%.1f p99=%.1f max=%.1f mean=%.1f%n", pct(millis, 50), pct(millis, 90),
                pct(millis, 99), millis[millis.length - 1], Arrays.stream(millis).average().orElse(0));

        dispatcher.stop(Duration.ofSeconds(2));
        grantor.close();
        sender.close();
        closing.close();
        server.stop(0);
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
