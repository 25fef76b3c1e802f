package dev.grantor.adapter.webhooks;

import dev.grantor.adapter.webhooks.IdleConnections.Open;
import dev.grantor.adapter.webhooks.IdleConnections.Route;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.webhook.WebhookTargets;
import io.vavr.control.Option;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts webhooks over HTTP/1.1 on sockets it opens itself: redirects never followed (a 3xx is an answer like any
 * non-2xx), at most {@value #MAX_ANSWER_BYTES} bytes of an answer read, and the whole attempt (resolution,
 * connection, TLS, answer) inside the request's connect plus read timeout.
 *
 * <p>Why not the JDK {@code HttpClient}: a merchant picks the URL, so the address must be checked after the name is
 * resolved, and the connection must go to exactly the address that was checked. The {@code HttpClient} resolves
 * names itself when it connects, so a name that answers a public address to the check and loopback to the
 * connection (DNS rebinding) would get through; pointing it at the checked IP instead loses the {@code Host} header,
 * which it refuses to let a caller set. Here the name is resolved once per attempt, each address judged by
 * {@link WebhookTargets}, the socket connected to the judged address, and the request still names the original
 * host: in {@code Host}, in TLS's SNI, and in the certificate check (the JDK's trust manager verifies the server's
 * certificate against the host name the TLS socket was created for, not the address).
 *
 * <p>A connection whose answer was read to its end (a body of declared length or in chunks, within the cap) is kept
 * for the next request to the same host, port and address for the settings' keep-idle time: a receiver that takes
 * many events pays for one TCP connection and one TLS handshake, not one per event. The name is still resolved and
 * its addresses judged before every request, and only a connection to an address allowed now is used again. A kept
 * connection that fails before the receiver has said a word was closed by it while idle; the request then goes
 * again on a new connection, within the same time box (should the receiver have taken it and closed without an
 * answer, it gets it twice, with the same {@code webhook-id}, as after any attempt without an answer). So does one
 * whose answer on a kept connection is 408: a receiver that times out an idle connection says so as it closes it,
 * and that can cross the next request on the wire. A kept connection that times out is not retried; a 408 on a new
 * connection is an answer like any other.
 *
 * <p>Reasons in an outcome are for the operator's log and name what went wrong, never a header value.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** As many as the dispatcher's default deliveries in flight: enough for every send of a busy pass to find one. */
    static final int MAX_IDLE_CONNECTIONS = 64;
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 200;

    private final WebhookSenderSettings settings;
    private final SSLSocketFactory tls;
    private final ExecutorService resolving = Executors.newVirtualThreadPerTaskExecutor();
    /**
     * Closes a connection whose attempt ran out of time. A socket timeout bounds reads only: a receiver that takes the
     * connection and then reads nothing fills its window, and a request larger than what the socket buffers then hold
     * would block its write until the receiver closes, holding the dispatcher's slot and the delivery's lease.
     */
    private final ScheduledThreadPoolExecutor deadlines = deadlines();
    private final IdleConnections idle;
    private volatile Option<InetSocketAddress> ownAddress;

    public HttpWebhookSender(WebhookSenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ownAddress = settings.ownAddress();
        this.idle = new IdleConnections(settings.keepIdle(), MAX_IDLE_CONNECTIONS);
        try {
            this.tls = settings.tls().getOrElse(SSLContext.getDefault()).getSocketFactory();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has a default TLS context", impossible);
        }
    }

    /**
     * Where this service listens, once its port is known (a service on port 0 learns it after starting): endpoints
     * that resolve to this machine at that port are refused from then on.
     */
    public void listeningAt(InetSocketAddress address) {
        this.ownAddress = Option.some(Objects.requireNonNull(address, "address"));
    }

    @Override
    public Outcome send(WebhookRequest request) {
        URI url = request.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        if (!https && !scheme.equals("http") || url.getHost() == null || url.getRawUserInfo() != null) {
            return new Outcome.Refused("not an http(s) URL with a host");
        }
        if (!sendable(request)) {
            return new Outcome.Refused("the request cannot be built: a header name or value cannot be sent over HTTP/1.1");
        }
        String host = url.getHost();
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        long start = System.nanoTime();
        long connectBy = start + request.connectTimeout().toNanos();
        long answerBy = connectBy + request.readTimeout().toNanos();

        List<InetAddress> resolved;
        try {
            resolved = resolve(name, connectBy);
        } catch (UnknownHostException unknown) {
            return new Outcome.Unreachable("the host name does not resolve");
        } catch (TimeoutException slow) {
            return new Outcome.Unreachable("the host name did not resolve within " + request.connectTimeout().toMillis() + " ms");
        }
        var allowed = resolved.stream().filter(a -> request.privateTargetsAllowed() || WebhookTargets.isPublic(a)).toList();
        if (allowed.isEmpty()) {
            return new Outcome.Unreachable("the host resolves only to addresses that are not public: " + resolved);
        }
        var own = ownAddress;
        var targets = allowed.stream().filter(a -> own.isEmpty() || port != own.get().getPort()
                || !isThisMachine(a, own.get().getAddress())).toList();
        if (targets.isEmpty()) {
            return new Outcome.Refused("the endpoint resolves to this service's own address");
        }

        for (var address : targets) {
            var route = new Route(https, name, port, address);
            var kept = idle.take(route);
            if (kept.isDefined()) {
                try {
                    return exchange(kept.get(), route, request, url, answerBy, true);
                } catch (StaleConnection closedMeanwhile) {
                    // the receiver closed it while it was idle and took nothing from it: a new connection, as if none had been kept
                    break;
                }
            }
        }

        Socket socket = null;
        IOException lastFailure = null;
        InetAddress tried = null;
        for (var address : targets) {
            long left = millisUntil(connectBy);
            if (left <= 0) {
                break;
            }
            tried = address;
            var candidate = new Socket();
            try {
                candidate.setTcpNoDelay(true);
                // the socket goes to the address judged above, never to a name resolved again
                candidate.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, left));
                socket = candidate;
                break;
            } catch (IOException failed) {
                closeQuietly(candidate);
                lastFailure = failed;
            }
        }
        if (socket == null) {
            return new Outcome.Unreachable(lastFailure == null ? "no time left to connect"
                    : "could not connect to " + tried.getHostAddress() + ": " + lastFailure.getClass().getSimpleName());
        }
        Open connection;
        try {
            connection = Open.of(https ? secured(socket, name, port, literal) : socket, socket);
        } catch (IOException failed) {
            closeQuietly(socket);
            return new Outcome.Unreachable("TLS failed: " + failed.getClass().getSimpleName());
        }
        try {
            return exchange(connection, new Route(https, name, port, tried), request, url, answerBy, false);
        } catch (StaleConnection impossible) {
            throw new IllegalStateException("only a kept connection can have gone stale", impossible);
        }
    }

    /**
     * One request and its answer on an open connection. The connection is kept for the next request when the answer
     * was read to its end and neither side asked to close it; otherwise it is closed here.
     *
     * @throws StaleConnection a kept connection failed before the receiver said a word, or its answer was 408: the
     *                         receiver closed it while it was idle, and it is safe to send the request again on a new one
     */
    private Outcome exchange(Open open, Route route, WebhookRequest request, URI url, long answerBy, boolean kept)
            throws StaleConnection {
        var connection = open.connection();
        boolean keep = false;
        var expired = new AtomicBoolean();
        try {
            connection.setSoTimeout(remaining(answerBy));
            if (!kept && connection instanceof SSLSocket secure) {
                secure.startHandshake();
            }
            var in = open.in();
            int first;
            try {
                // reads end by the socket timeout, a write only by the connection closing under it
                ScheduledFuture<?> deadline = deadlines.schedule(() -> {
                    expired.set(true);
                    closeQuietly(open.wire());
                }, Math.max(0, answerBy - System.nanoTime()), TimeUnit.NANOSECONDS);
                write(connection.getOutputStream(), request, url);
                if (!deadline.cancel(false)) {
                    throw new SocketTimeoutException("the attempt's time was up as the request was written");
                }
                first = in.read();
            } catch (SocketTimeoutException slow) {
                throw slow;
            } catch (IOException gone) {
                if (expired.get()) {
                    throw new SocketTimeoutException("the attempt's time was up while the request was written");
                }
                if (kept && !Thread.currentThread().isInterrupted()) {
                    throw new StaleConnection();
                }
                throw gone;
            }
            if (first < 0) {
                if (kept) {
                    throw new StaleConnection();
                }
                throw new NotHttp();
            }
            var head = head(first, in, connection, answerBy);
            if (kept && head.status() == 408) {
                // the receiver gave up on the idle connection as the request went out: its 408 answers the wait for
                // a request, not this one, and HTTP lets a client repeat a request in transit when it gets one
                throw new StaleConnection();
            }
            keep = body(head, in, connection, answerBy) && head.reusable();
            return new Outcome.Answered(head.status());
        } catch (SocketTimeoutException slow) {
            return new Outcome.Unreachable("no answer within " + request.readTimeout().toMillis() + " ms");
        } catch (SSLException handshake) {
            return new Outcome.Unreachable("TLS failed: " + handshake.getClass().getSimpleName());
        } catch (NotHttp garbled) {
            return new Outcome.Unreachable("the answer is not HTTP");
        } catch (IOException failed) {
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome.Unreachable("interrupted while sending");
            }
            return new Outcome.Unreachable("the connection failed: " + failed.getClass().getSimpleName());
        } finally {
            if (keep) {
                idle.give(route, open);
            } else {
                closeQuietly(connection);
            }
        }
    }

    /** Names resolve on a thread of their own: the system resolver has no timeout of its own to give. */
    private List<InetAddress> resolve(String name, long by) throws UnknownHostException, TimeoutException {
        var lookup = resolving.submit(() -> settings.resolver().resolve(name));
        try {
            var addresses = lookup.get(Math.max(0, by - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (addresses == null || addresses.length == 0) {
                throw new UnknownHostException(name);
            }
            return List.of(addresses);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(name + ": " + failed.getCause().getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (TimeoutException slow) {
            lookup.cancel(true);
            throw slow;
        }
    }

    /**
     * TLS over the connected socket, for the URL's host: SNI names it, and the endpoint identification makes the
     * JDK's trust manager check the certificate against it (or against the address, for a literal URL).
     */
    private Socket secured(Socket socket, String name, int port, boolean literal) throws IOException {
        var secure = (SSLSocket) tls.createSocket(socket, name, port, true);
        var parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!literal) {
            parameters.setServerNames(List.of(new SNIHostName(name)));
        }
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        secure.setSSLParameters(parameters);
        return secure;
    }

    private void write(OutputStream out, WebhookRequest request, URI url) throws IOException {
        byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        var head = new StringBuilder(512)
                .append("POST ").append(path).append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getRawAuthority()).append("\r\n")
                .append("User-Agent: ").append(settings.userAgent()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append(settings.keepIdle().isZero() ? "Connection: close\r\n" : "");
        request.headers().forEach(header -> head.append(header._1).append(": ").append(header._2).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        // one write: a head and a body written apart wait out the receiver's delayed acknowledgement (Nagle's rule)
        // on a connection used again, 40 ms per request on Linux
        var message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        out.write(message);
        out.flush();
    }

    /**
     * What an answer's head says: its final status, and how its body is framed. {@code length} is the declared
     * {@code Content-Length}, or -1 for none, or -2 when the framing cannot be trusted (a malformed length, several
     * that disagree, a header line HTTP/1.1 forbids).
     */
    record Head(int status, boolean http11, long length, boolean chunked, boolean otherCoding, boolean close) {
        /** Whether the connection may carry another request once this answer's body has been read. */
        boolean reusable() {
            return http11 && !close && status != 101 && length != -2 && !otherCoding && !(chunked && length >= 0);
        }

        boolean bodiless() {
            return status == 204 || status == 304;
        }
    }

    /** The final answer's head; informational answers (1xx) before it are skipped, as HTTP/1.1 says. */
    private static Head head(int first, InputStream in, Socket connection, long by) throws IOException {
        String line = (char) first + line(in, connection, by);
        for (int answers = 0; answers < 10; answers++) {
            var parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3
                    || !parts[1].chars().allMatch(Character::isDigit)) {
                throw new NotHttp();
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean otherCoding = false;
            boolean close = false;
            int lines = 0;
            for (String header = line(in, connection, by); !header.isEmpty(); header = line(in, connection, by)) {
                if (++lines > MAX_HEADER_LINES) {
                    throw new NotHttp();
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                if (Character.isWhitespace(header.charAt(0)) || Character.isWhitespace(header.charAt(colon - 1))) {
                    // a folded line, or white space before the colon: HTTP/1.1 forbids both, and a reader that
                    // takes them one way where the receiver meant another is where smuggled answers come from
                    length = -2;
                    continue;
                }
                String field = header.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (field) {
                    case "content-length" -> length = length(value, length);
                    case "transfer-encoding" -> {
                        for (var coding : value.split(",")) {
                            boolean isChunked = coding.trim().equals("chunked");
                            otherCoding |= !isChunked && !coding.isBlank() || chunked;
                            chunked |= isChunked;
                        }
                    }
                    case "connection" -> {
                        for (var option : value.split(",")) {
                            close |= option.trim().equals("close");
                        }
                    }
                    default -> { }
                }
            }
            if (status >= 200 || status == 101) {
                return new Head(status, parts[0].equals("HTTP/1.1"), length, chunked, otherCoding, close);
            }
            line = line(in, connection, by);
        }
        throw new NotHttp();
    }

    /** A {@code Content-Length} value against the one seen before it (-1 if none): -2 when it cannot be trusted. */
    private static long length(String value, long before) {
        long length = -2;
        for (var part : value.split(",")) {
            String digits = part.trim();
            if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                return -2;
            }
            long one = Long.parseLong(digits);
            if (length >= 0 && one != length) {
                return -2;
            }
            length = one;
        }
        return before == -1 || before == length ? length : -2;
    }

    private static String line(InputStream in, Socket connection, long by) throws IOException {
        var bytes = new ByteArrayOutputStream(128);
        while (true) {
            connection.setSoTimeout(remaining(by));
            int b = in.read();
            if (b < 0) {
                throw new NotHttp();
            }
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (bytes.size() >= MAX_LINE) {
                throw new NotHttp();
            }
            bytes.write(b);
        }
    }

    /**
     * Reads the answer's body up to the cap, so the exchange ends cleanly. Whether the body was read exactly to its
     * end, which is what lets the connection carry another request: a body of declared length or in chunks, within
     * the cap and the time box. A receiver that streams megabytes costs 64 KiB and its connection, and one that
     * stalls after its status line costs only what is left of the time box.
     */
    private static boolean body(Head head, InputStream in, Socket connection, long by) {
        try {
            if (head.bodiless() || head.status() == 101) {
                return true;
            }
            if (head.length() == -2 || head.chunked() && head.length() >= 0) {
                // where this body ends is ambiguous (a request smuggler's favourite): the status is enough
                return false;
            }
            if (head.chunked() && head.length() < 0 && !head.otherCoding()) {
                return chunks(in, connection, by);
            }
            if (head.length() >= 0 && !head.chunked()) {
                if (head.length() > MAX_ANSWER_BYTES) {
                    skip(in, connection, by, MAX_ANSWER_BYTES);
                    return false;
                }
                return skip(in, connection, by, (int) head.length()) == head.length();
            }
            skip(in, connection, by, MAX_ANSWER_BYTES);
            return false;
        } catch (IOException enough) {
            // the status is what counts; a body cut short or slow changes nothing
            return false;
        }
    }

    /** A chunked body to its last chunk and trailers, if that is within the cap: whether it ended there. */
    private static boolean chunks(InputStream in, Socket connection, long by) throws IOException {
        int total = 0;
        while (true) {
            String size = line(in, connection, by);
            int extension = size.indexOf(';');
            String hex = (extension >= 0 ? size.substring(0, extension) : size).trim();
            if (hex.isEmpty() || hex.length() > 7 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            int chunk = Integer.parseInt(hex, 16);
            if (chunk == 0) {
                for (int lines = 0; !line(in, connection, by).isEmpty(); lines++) {
                    if (lines > MAX_HEADER_LINES) {
                        return false;
                    }
                }
                return true;
            }
            total += chunk;
            if (total > MAX_ANSWER_BYTES) {
                skip(in, connection, by, MAX_ANSWER_BYTES - (total - chunk));
                return false;
            }
            if (skip(in, connection, by, chunk) != chunk || !line(in, connection, by).isEmpty()) {
                return false;
            }
        }
    }

    /** Reads and forgets up to {@code bytes} bytes, within the time box: how many there were. */
    private static int skip(InputStream in, Socket connection, long by, int bytes) throws IOException {
        var chunk = new byte[Math.min(8192, Math.max(1, bytes))];
        int read = 0;
        while (read < bytes) {
            connection.setSoTimeout(remaining(by));
            int n = in.read(chunk, 0, Math.min(chunk.length, bytes - read));
            if (n < 0) {
                return read;
            }
            read += n;
        }
        return read;
    }

    private static boolean sendable(WebhookRequest request) {
        return request.headers().forAll(h -> token(h._1) && h._2.chars().allMatch(c -> c >= 0x20 && c <= 0x7e));
    }

    private static boolean token(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c < 0x7f && c > 0x20 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    static boolean isThisMachine(InetAddress address, InetAddress own) {
        if (address.equals(own) || address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException unknown) {
            return false;
        }
    }

    private static long millisUntil(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    /** A socket timeout for what is left of the time box; never 0, which would mean "wait forever". */
    private static int remaining(long deadline) throws SocketTimeoutException {
        long left = millisUntil(deadline);
        if (left <= 0) {
            throw new SocketTimeoutException("the attempt's time is up");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        var timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("grantor-webhook-deadlines").factory());
        // nearly every deadline is cancelled, the answer in time: none should wait in the queue until it would have run
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing was sent on it
        }
    }

    /** Connections kept open for the next request. */
    int idleConnections() {
        return idle.size();
    }

    @Override
    public void close() {
        idle.close();
        resolving.close();
        deadlines.shutdownNow();
    }

    /** A kept connection the receiver closed, or timed out with a 408, while it was idle: nothing was taken from it. */
    private static final class StaleConnection extends Exception {
        StaleConnection() {
            super("the kept connection was closed by the receiver", null, false, false);
        }
    }

    /** What came back is not an HTTP/1.x answer. */
    private static final class NotHttp extends IOException {
        NotHttp() {
            super("not an HTTP answer");
        }
    }
}
