package dev.grantor.adapter.rest;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.instancio.Instancio;
import org.instancio.Select;
import org.junit.jupiter.api.Test;

/** Session 22's probe for HostileRequestsOverHttpTest's rare unanswered request: rounds of its 10,000 requests. */
class HostileLoopProbe {

    public static void main(String[] args) throws Exception {
        new HostileLoopProbe().rounds();
        System.exit(0);
    }

    @Test
    void rounds() throws Exception {
        Field serverField = HostileRequestsOverHttpTest.class.getDeclaredField("server");
        serverField.setAccessible(true);
        ApiServer api = (ApiServer) serverField.get(null);
        Field javalinField = RestApi.class.getDeclaredField("javalin");
        javalinField.setAccessible(true);
        io.javalin.Javalin javalin = (io.javalin.Javalin) javalinField.get(api.api);
        Server jetty = javalin.jettyServer().server();
        Map<Integer, String> closed = new ConcurrentHashMap<>();
        Connection.Listener probe = new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
                if (connection instanceof HttpConnection http) {
                    var remote = http.getEndPoint().getRemoteSocketAddress();
                    int port = remote instanceof java.net.InetSocketAddress inet ? inet.getPort() : -1;
                    closed.put(port, "in=" + http.getMessagesIn() + " out=" + http.getMessagesOut() + " bytesIn="
                            + http.getBytesIn() + " bytesOut=" + http.getBytesOut() + " parser=" + http.getParser()
                            + " generator=" + http.getGenerator() + " endpoint=" + http.getEndPoint());
                }
            }
        };
        for (Connector connector : jetty.getConnectors()) {
            connector.addEventListener(probe);
        }
        Method generate = HostileRequestsOverHttpTest.class.getDeclaredMethod("generate", org.instancio.Random.class);
        generate.setAccessible(true);
        List<HostileRequestsOverHttpTest.HostileRequest> requests = Instancio.ofList(HostileRequestsOverHttpTest.HostileRequest.class)
                .size(10_000).withSeed(20_261_202L)
                .supply(Select.all(HostileRequestsOverHttpTest.HostileRequest.class), random -> {
                    try {
                        return generate.invoke(null, random);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }).create();
        int rounds = Integer.getInteger("rounds", 20);
        var failures = new ConcurrentLinkedQueue<String>();
        var unanswered = new AtomicInteger();
        for (int round = 1; round <= rounds; round++) {
            long started = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(4)) {
                var done = new ArrayList<Future<?>>();
                for (int worker = 0; worker < 4; worker++) {
                    int first = worker;
                    done.add(pool.submit(() -> {
                        for (int i = first; i < requests.size(); i += 4) {
                            var request = requests.get(i);
                            int localPort = -1;
                            try (var socket = new Socket(InetAddress.getLoopbackAddress(), api.api.port())) {
                                localPort = socket.getLocalPort();
                                socket.setSoTimeout(10_000);
                                long sent = System.nanoTime();
                                socket.getOutputStream().write(request.bytes());
                                socket.getOutputStream().flush();
                                var answer = RawHttp.read(socket.getInputStream());
                                if (answer.status() == 0) {
                                    unanswered.incrementAndGet();
                                    long ms = (System.nanoTime() - sent) / 1_000_000;
                                    Thread.sleep(200);
                                    failures.add("#" + i + " port " + localPort + " after " + ms + " ms: " + request.summary()
                                            + "\n   server: " + closed.get(localPort));
                                }
                            } catch (Exception e) {
                                failures.add("#" + i + " port " + localPort + " exception " + e + ": " + request.summary()
                                        + "\n   server: " + closed.get(localPort));
                            }
                        }
                    }));
                }
                for (var future : done) {
                    future.get();
                }
            }
            System.out.printf("round %d: %d s, unanswered so far %d, failures so far %d%n", round,
                    (System.nanoTime() - started) / 1_000_000_000, unanswered.get(), failures.size());
            failures.forEach(f -> System.out.println("FAIL " + f));
            failures.clear();
            closed.clear();
        }
    }
}
