package dev.grantor.adapter.webhooks;

import io.vavr.control.Option;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An HTTP/1.1 receiver on a raw socket that answers each request with exactly the bytes its script gives, then keeps
 * the connection, closes it, resets it or never answers: the framing of an answer and what happens to the connection
 * after it are the test's to choose, byte for byte, which no HTTP server library lets a test do.
 */
final class RawHttpServer implements AutoCloseable {

    enum After { KEEP, CLOSE, RESET, HANG }

    record Reply(byte[] bytes, After after) {
        static Reply of(String answer, After after) {
            return new Reply(answer.getBytes(StandardCharsets.ISO_8859_1), after);
        }
    }

    /** {@code connection} counts from 1 in accepting order; {@code local} is the address the request arrived at. */
    record Request(int connection, String head, String body, InetAddress local) {
        boolean asksToClose() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
        }
    }

    /** The answer to the {@code request}th request (from 1) on the {@code connection}th connection. */
    @FunctionalInterface
    interface Script {
        Reply answer(int connection, int request);
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger endedByClient = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RawHttpServer(Script script) {
        this(InetAddress.getLoopbackAddress(), Option.none(), script);
    }

    RawHttpServer(InetAddress bind, Option<SSLContext> tls, Script script) {
        this.script = script;
        try {
            server = tls.isDefined() ? tls.get().getServerSocketFactory().createServerSocket(0, 50, bind)
                    : new ServerSocket(0, 50, bind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("raw-http-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String scheme, String host) {
        return scheme + "://" + host + ":" + port() + "/hook";
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Connections the client closed, as the server saw them: an end of stream where a request could begin. */
    int endedByClient() {
        return endedByClient.get();
    }

    /** Connections this server is done with, whoever ended them. */
    int ended() {
        return ended.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var socket = server.accept();
                int number = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket, number));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            var in = new BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            for (int number = 1; ; number++) {
                String head = head(in);
                if (head == null) {
                    endedByClient.incrementAndGet();
                    return;
                }
                byte[] body = in.readNBytes(contentLength(head));
                requests.add(new Request(connection, head, new String(body, StandardCharsets.UTF_8), socket.getLocalAddress()));
                var reply = script.answer(connection, number);
                if (reply.after() == After.HANG) {
                    stopped.await(30, TimeUnit.SECONDS);
                    return;
                }
                out.write(reply.bytes());
                out.flush();
                if (reply.after() == After.CLOSE) {
                    return;
                }
                if (reply.after() == After.RESET) {
                    // after the client had time to read the answer: a reset can discard data not yet read
                    Thread.sleep(200);
                    socket.setSoLinger(true, 0);
                    return;
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client went away mid-answer (a capped body, a timeout): what some tests provoke
        } finally {
            ended.incrementAndGet();
        }
    }

    /** A request's head up to its blank line, or null when the stream ends before one begins or within it. */
    private static String head(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        int lastFour = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            bytes.write(b);
            lastFour = lastFour << 8 | b;
            if (lastFour == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
                return bytes.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static int contentLength(String head) {
        for (var line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            server.close();
        } catch (IOException alreadyClosed) {
            // nothing more to accept either way
        }
    }
}
