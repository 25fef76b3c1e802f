package dev.grantor.adapter.webhooks;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts webhooks over HTTP/1.1 on a socket it opens itself: redirects never followed (a 3xx is an answer like any
 * non-2xx), at most {@value #MAX_ANSWER_BYTES} bytes of an answer read before the connection is let go, and the
 * whole attempt (resolution, connection, TLS, answer) inside the request's connect plus read timeout.
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
 * <p>Reasons in an outcome are for the operator's log and name what went wrong, never a header value.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 200;

    private final WebhookSenderSettings settings;
    private final SSLSocketFactory tls;
    private final ExecutorService resolving = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Option<InetSocketAddress> ownAddress;

    public HttpWebhookSender(WebhookSenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ownAddress = settings.ownAddress();
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
        try (var connection = https ? secured(socket, name, port, literal) : socket) {
            connection.setSoTimeout(remaining(answerBy));
            if (connection instanceof SSLSocket secure) {
                secure.startHandshake();
            }
            var out = connection.getOutputStream();
            write(out, request, url);
            var in = connection.getInputStream();
            int status = status(in, connection, answerBy);
            drain(in, connection, answerBy);
            return new Outcome.Answered(status);
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
                .append("Connection: close\r\n");
        request.headers().forEach(header -> head.append(header._1).append(": ").append(header._2).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The final status code; informational answers (1xx) before it are skipped, as HTTP/1.1 says. */
    private static int status(InputStream in, Socket connection, long by) throws IOException {
        for (int answers = 0; answers < 10; answers++) {
            connection.setSoTimeout(remaining(by));
            String line = line(in, connection, by);
            var parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3
                    || !parts[1].chars().allMatch(Character::isDigit)) {
                throw new NotHttp();
            }
            int status = Integer.parseInt(parts[1]);
            for (int lines = 0; !line(in, connection, by).isEmpty(); lines++) {
                if (lines > MAX_HEADER_LINES) {
                    throw new NotHttp();
                }
            }
            if (status >= 200 || status == 101) {
                return status;
            }
        }
        throw new NotHttp();
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
     * Reads the answer's body up to the cap, so the exchange ends cleanly, then lets go: a receiver that streams
     * megabytes costs 64 KiB, and one that stalls after its status line costs only what is left of the time box.
     */
    private static void drain(InputStream in, Socket connection, long by) {
        var chunk = new byte[8192];
        int read = 0;
        try {
            while (read < MAX_ANSWER_BYTES && millisUntil(by) > 0) {
                connection.setSoTimeout(remaining(by));
                int n = in.read(chunk, 0, Math.min(chunk.length, MAX_ANSWER_BYTES - read));
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (IOException enough) {
            // the status is what counts; a body cut short or slow changes nothing
        }
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

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing was sent on it
        }
    }

    @Override
    public void close() {
        resolving.close();
    }

    /** What came back is not an HTTP/1.x answer. */
    private static final class NotHttp extends IOException {
        NotHttp() {
            super("not an HTTP answer");
        }
    }
}
