// java Receiver.java PORT: a webhook receiver that answers 204 at once and prints how many it got every 5 s
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.LocalTime;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class Receiver {
    public static void main(String[] args) throws Exception {
        var got = new AtomicLong();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            got.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        long last = 0;
        while (true) {
            Thread.sleep(5000);
            long now = got.get();
            System.out.println(LocalTime.now().withNano(0) + " received=" + now + " (+" + (now - last) + ")");
            last = now;
        }
    }
}
