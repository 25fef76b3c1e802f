package dev.grantor.adapter.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP receiver on loopback (the JDK's {@link HttpServer}): keeps every request it got, and answers
 * each path from a script (200 by default), or hangs, or redirects.
 */
final class Receiver implements AutoCloseable {

    /** {@code nanos} is {@link System#nanoTime()} at arrival, for latencies measured against the same clock. */
    record Received(String path, Map<String, String> headers, String body, Instant at, long nanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What to do with one request. */
    sealed interface Answer {
        record Status(int code, int bodyBytes) implements Answer {}

        record Hang(Duration howLong) implements Answer {}

        record Redirect(String location) implements Answer {}
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Answer>> scripts = new ConcurrentHashMap<>();
    private volatile Function<String, Answer> otherwise = path -> new Answer.Status(200, 0);

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    Receiver answer(String path, Answer... answers) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    Receiver otherwise(Function<String, Answer> answer) {
        otherwise = answer;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = new java.util.LinkedHashMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, headers, body, Instant.now(), System.nanoTime()));
            var script = scripts.get(path);
            var next = script == null ? null : script.poll();
            var answer = next != null ? next : otherwise.apply(path);
            switch (answer) {
                case Answer.Status(int code, int bytes) -> {
                    exchange.sendResponseHeaders(code, bytes == 0 ? -1 : bytes);
                    if (bytes > 0) {
                        var chunk = new byte[8192];
                        for (int sent = 0; sent < bytes; sent += chunk.length) {
                            exchange.getResponseBody().write(chunk, 0, Math.min(chunk.length, bytes - sent));
                        }
                    }
                }
                case Answer.Hang(Duration howLong) -> {
                    try {
                        Thread.sleep(howLong);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(200, -1);
                }
                case Answer.Redirect(String location) -> {
                    exchange.getResponseHeaders().add("Location", location);
                    exchange.sendResponseHeaders(307, -1);
                }
            }
        } catch (IOException clientWentAway) {
            // the sender gave up (a timeout, a capped body): that is what some tests provoke
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
