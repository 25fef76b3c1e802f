// java Receiver.java PORT [PKCS12 PASSWORD]: a webhook receiver that answers 204 at once and prints every 5 s how many
// requests it got and over how many distinct client ports (a lower bound on its connections); with a key store, HTTPS
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.time.LocalTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

public class Receiver {
    public static void main(String[] args) throws Exception {
        var got = new AtomicLong();
        var ports = ConcurrentHashMap.<Integer>newKeySet();
        var at = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        HttpServer server;
        if (args.length > 1) {
            var store = KeyStore.getInstance("PKCS12");
            try (var in = new FileInputStream(args[1])) {
                store.load(in, args[2].toCharArray());
            }
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, args[2].toCharArray());
            var tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            var https = HttpsServer.create(at, 512);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(at, 512);
        }
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            got.incrementAndGet();
            ports.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        long last = 0;
        while (true) {
            Thread.sleep(5000);
            long now = got.get();
            System.out.println(LocalTime.now().withNano(0) + " received=" + now + " (+" + (now - last) + ") client ports=" + ports.size());
            last = now;
        }
    }
}
