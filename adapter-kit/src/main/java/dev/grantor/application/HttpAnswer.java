package dev.grantor.application;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 answer read whole off a socket, for tests that send bytes no well-behaved client would: the status line
 * and headers to the blank line, then exactly {@code Content-Length} bytes, or the chunks, or everything until the
 * server closes. The bytes come in as many pieces as the network and a loaded machine make of them; an answer cut short
 * (closed or reset inside it, or not whole within the socket's read timeout) fails with what was read, never with a
 * part of it taken for the whole.
 *
 * @param status  the status line's code; 0 when the connection closed before any byte of an answer (a server may hang
 *                up on a request it will not answer)
 * @param headers lower-case names, the last value of a repeated header
 * @param fields  every header line as received, repeated ones included ({@code Set-Cookie})
 * @param body    as received, decoded as UTF-8; chunked framing removed
 */
public record HttpAnswer(int status, Map<String, String> headers, List<String> fields, String body) {

    /** How long a test waits for the next piece of an answer before it gives up on it. */
    public static final int READ_TIMEOUT_MILLIS = 10_000;

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final int SHOWN = 2_000;

    public HttpAnswer {
        headers = Map.copyOf(headers);
        fields = List.copyOf(fields);
    }

    /** The values of every {@code name} header, in the order received. */
    public List<String> values(String name) {
        return fields.stream().filter(field -> field.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(field -> field.substring(name.length() + 1).strip()).toList();
    }

    public String contentType() {
        return headers.getOrDefault("content-type", "");
    }

    /**
     * Sends {@code request} on a connection of its own to {@code port} on the loopback address and reads one answer.
     * The server may answer and close before a large request is all written: what it answered is still read.
     */
    public static HttpAnswer exchange(int port, byte[] request) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // the answer is already on its way, or there is none: the read tells which
            }
            return read(socket.getInputStream(), startsWith(request, "HEAD "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpAnswer exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The next answer on {@code in}, read whole; the stream is left at the byte after it, so the answers to pipelined
     * requests are read one call each. The socket's read timeout bounds each wait for more bytes.
     *
     * @throws AssertionError when the answer is cut short or not HTTP/1, its message showing what was read
     */
    public static HttpAnswer read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** As {@link #read(InputStream)}, for the answer to a HEAD request, which states a length and sends no body. */
    public static HttpAnswer read(InputStream in, boolean toHead) throws IOException {
        var received = new Received(in);
        String head = received.head();
        if (head == null) {
            return new HttpAnswer(0, Map.of(), List.of(), "");
        }
        String[] lines = head.split("\r\n");
        var statusLine = STATUS_LINE.matcher(lines[0]);
        if (!statusLine.matches()) {
            throw received.cut("no HTTP/1 status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw received.cut("a header line without a name");
            }
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.group(1));
        byte[] body;
        if (toHead || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = received.chunks();
        } else if (headers.containsKey("content-length")) {
            body = received.exactly(Integer.parseInt(headers.get("content-length")));
        } else {
            body = received.untilClosed();
        }
        var fields = Arrays.asList(lines).subList(1, lines.length);
        return new HttpAnswer(status, headers, fields, new String(body, StandardCharsets.UTF_8));
    }

    private static boolean startsWith(byte[] request, String method) {
        byte[] prefix = method.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.equals(request, 0, Math.min(prefix.length, request.length), prefix, 0, prefix.length);
    }

    /** The bytes of one answer as they arrive, all of them kept to show when the answer is cut short. */
    private static final class Received {

        private final InputStream in;
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        Received(InputStream in) {
            this.in = in;
        }

        /** The status line and headers without the blank line; null when the connection ended before any byte. */
        String head() throws IOException {
            int matched = 0;
            while (matched < 4) {
                int b = next(all.size() == 0);
                if (b < 0) {
                    if (all.size() == 0) {
                        return null;
                    }
                    throw cut("the connection closed inside the status line and headers");
                }
                matched = (b == '\r' && matched % 2 == 0) ? matched + 1
                        : (b == '\n' && matched % 2 == 1) ? matched + 1
                        : b == '\r' ? 1 : 0;
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            return text.substring(0, text.length() - 4);
        }

        byte[] exactly(int length) throws IOException {
            var body = new ByteArrayOutputStream(length);
            while (body.size() < length) {
                int b = next(false);
                if (b < 0) {
                    throw cut("the connection closed after " + body.size() + " of the body's " + length + " bytes");
                }
                body.write(b);
            }
            return body.toByteArray();
        }

        byte[] chunks() throws IOException {
            var body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int size;
                try {
                    size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
                } catch (NumberFormatException e) {
                    throw cut("no chunk size where one was due");
                }
                if (size == 0) {
                    // trailers, if any, to the blank line
                    while (!line().isEmpty()) {
                        // nothing a test reads
                    }
                    return body.toByteArray();
                }
                body.writeBytes(exactly(size));
                if (!line().isEmpty()) {
                    throw cut("a chunk longer than its size");
                }
            }
        }

        /** The rest, when the answer's end is the connection's: a reset after it is its end too. */
        byte[] untilClosed() throws IOException {
            var body = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    all.write(b);
                    body.write(b);
                }
            } catch (SocketTimeoutException stillOpen) {
                throw cut("the server neither closed the connection nor framed the body within the read timeout",
                        stillOpen);
            } catch (SocketException reset) {
                // no length to fall short of: what came before the reset is all there is
            }
            return body.toByteArray();
        }

        private String line() throws IOException {
            var line = new ByteArrayOutputStream();
            while (true) {
                int b = next(false);
                if (b < 0) {
                    throw cut("the connection closed inside a chunk's framing");
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                }
                line.write(b);
            }
        }

        /** One byte, or -1 at the end; a reset before the answer's first byte is an end like a close. */
        private int next(boolean first) throws IOException {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException slow) {
                throw cut("no more bytes within the read timeout", slow);
            } catch (SocketException reset) {
                if (first) {
                    return -1;
                }
                throw cut("the connection was reset (" + reset.getMessage() + ")", reset);
            }
            if (b >= 0) {
                all.write(b);
            }
            return b;
        }

        AssertionError cut(String why) {
            return cut(why, null);
        }

        AssertionError cut(String why, Throwable cause) {
            String text = all.toString(StandardCharsets.ISO_8859_1);
            String shown = text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "… (" + text.length() + " bytes)";
            return new AssertionError("no whole HTTP answer: " + why + "; read " + all.size() + " bytes: ["
                    + shown.replace("\r", "\\r").replace("\n", "\\n") + "]", cause);
        }
    }
}
