import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import io.vavr.collection.LinkedHashMap;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

// SendCost N: N sequential webhook sends over one kept connection to a JDK HttpServer answering 204; prints the
// sending thread's CPU per send and the process's read syscalls per send (both sides in this one process)
public class SendCost {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", x -> { x.getRequestBody().readAllBytes(); x.sendResponseHeaders(204, -1); x.close(); });
        server.start();
        var url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        var body = "{\"type\":\"entitlement_grant.delivered\",\"data\":{\"id\":\"" + "x".repeat(300) + "\"}}";
        var req = new WebhookRequest(url, LinkedHashMap.of("webhook-id", "msg_1", "webhook-timestamp", "1", "webhook-signature", "v1,abc"),
                body, Duration.ofSeconds(5), Duration.ofSeconds(5), true);
        var threads = ManagementFactory.getThreadMXBean();
        try (var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            for (int i = 0; i < 5000; i++) sender.send(req);
            for (int round = 0; round < 3; round++) {
                long reads0 = syscr(), cpu0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                for (int i = 0; i < n; i++) sender.send(req);
                long reads = syscr() - reads0, cpu = threads.getCurrentThreadCpuTime() - cpu0, wall = System.nanoTime() - t0;
                System.out.printf("sends=%d wall/send=%.1f us  sender cpu/send=%.1f us  read syscalls/send=%.1f%n",
                        n, wall / 1e3 / n, cpu / 1e3 / n, (double) reads / n);
            }
        }
        server.stop(0);
        System.exit(0);
    }

    static long syscr() throws Exception {
        for (var line : Files.readAllLines(Path.of("/proc/self/io"))) if (line.startsWith("syscr:")) return Long.parseLong(line.substring(6).trim());
        return -1;
    }
}
