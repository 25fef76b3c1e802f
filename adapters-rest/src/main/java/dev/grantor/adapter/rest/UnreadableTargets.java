package dev.grantor.adapter.rest;

import io.vavr.control.Option;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.URIUtil;

/**
 * HTTP/1 connections that remember the request target Jetty could not read ({@code /console/%zz}, a bad escape, a NUL),
 * so that its refusal can be the page of the realm the target names. Jetty answers such a request with a made-up
 * {@code /badMessage} in place of the target, so the target is kept where the request line is handed over, which is the
 * only place it is still whole. A request line Jetty cannot split into method, target and version (a target over the
 * size limit, a space in it, an unknown version) is never handed over: its target is then read from the bytes of the
 * line as they reach the parser, its first {@value #KEPT} characters at most, cut back to the last {@code /} when
 * longer, so the realm is told by whole segments.
 */
final class UnreadableTargets extends HttpConnectionFactory {

    /** Enough of a target to tell its realm by; a target is refused past 8 KiB, the whole line's size limit. */
    static final int KEPT = 1024;

    private UnreadableTargets(HttpConfiguration configuration) {
        super(configuration);
    }

    /** One in place of Jetty's {@code plain}, configured as it is. */
    static UnreadableTargets in(HttpConnectionFactory plain) {
        var factory = new UnreadableTargets(plain.getHttpConfiguration());
        factory.setInputBufferSize(plain.getInputBufferSize());
        factory.setUseInputDirectByteBuffers(plain.isUseInputDirectByteBuffers());
        factory.setUseOutputDirectByteBuffers(plain.isUseOutputDirectByteBuffers());
        factory.setTransferEncodingChunkMaxLength(plain.getTransferEncodingChunkMaxLength());
        return factory;
    }

    /**
     * The path of the target of the request on {@code connection} that Jetty refused as unreadable, as sent (never
     * decoded, its dot segments resolved; the path of an absolute {@code http://host/...} one): none when its target
     * was read, climbs above the root, or is no path ({@code *}, {@code host:443}).
     */
    static Option<String> unreadablePath(ConnectionMetaData connection) {
        if (connection == null || !(connection.getConnection() instanceof Remembering remembering)) {
            return Option.none();
        }
        String target = pathOf(remembering.unreadable);
        if (target == null || !target.startsWith("/")) {
            return Option.none();
        }
        int end = target.length();
        for (int i = 0; i < target.length(); i++) {
            if (target.charAt(i) == '?' || target.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        // dot segments resolved as Jetty resolves a readable path's, so one that climbs out of the pages is not theirs
        return Option.of(URIUtil.normalizePath(target.substring(0, end)));
    }

    /** The target itself, or an absolute one's path ({@code /} for {@code http://host}); null for no target. */
    private static String pathOf(String target) {
        var absolute = target == null ? null : ABSOLUTE.matcher(target);
        if (absolute == null || !absolute.lookingAt()) {
            return target;
        }
        String path = target.substring(absolute.end());
        return path.startsWith("/") ? path : "/" + path;
    }

    private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*");

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        var connection = new Remembering(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class Remembering extends HttpConnection {

        /** Set by the parser's thread before the refusal it leads to is generated; one message at a time. */
        private volatile String unreadable;

        /** Jetty's constructor makes the handler, then the parser that calls it; no initializer may reset it. */
        private RequestHandler handler;

        Remembering(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            // as Jetty's own, watching the request line
            var parser = new LineWatching(handler, getHttpConfiguration().getRequestHeaderSize(), compliance);
            parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
            return parser;
        }

        @Override
        protected RequestHandler newRequestHandler() {
            handler = new RequestHandler() {
                @Override
                public void startRequest(String method, String uri, HttpVersion version) {
                    unreadable = null;
                    try {
                        super.startRequest(method, uri, version);
                    } catch (RuntimeException refused) {
                        unreadable = uri;
                        throw refused;
                    }
                }
            };
            return handler;
        }

        /** A parser that keeps the start of each request line until the line is handed over or refused. */
        private final class LineWatching extends HttpParser {

            private final StringBuilder line = new StringBuilder();
            private boolean lineEnded;

            LineWatching(HttpParser.RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
                super(handler, maxHeaderBytes, compliance);
            }

            @Override
            public boolean parseNext(ByteBuffer buffer) {
                if (isStart()) {
                    line.setLength(0);
                    lineEnded = false;
                    unreadable = null;
                }
                if (!lineEnded && inRequestLine()) {
                    keep(buffer);
                }
                return super.parseNext(buffer);
            }

            @Override
            protected void badMessage(HttpException failure) {
                if (unreadable == null && inRequestLine()) {
                    // refused before the line was handed over: the target as sent, if it got that far
                    unreadable = target();
                }
                super.badMessage(failure);
            }

            private boolean inRequestLine() {
                return REQUEST_LINE.contains(getState());
            }

            /** The bytes from the buffer's position up to the end of the line, not consumed. */
            private void keep(ByteBuffer buffer) {
                for (int i = buffer.position(); i < buffer.limit() && line.length() <= KEPT + MAX_METHOD; i++) {
                    char c = (char) (buffer.get(i) & 0xff);
                    if (c == '\n') {
                        lineEnded = true;
                        return;
                    }
                    if (!line.isEmpty() || (c != '\r' && c != ' ')) {
                        line.append(c);
                    }
                }
            }

            private String target() {
                int start = line.indexOf(" ");
                if (start < 0) {
                    return null;
                }
                int end = line.indexOf(" ", start + 1);
                String target = line.substring(start + 1, end < 0 ? line.length() : end).strip();
                if (target.length() < KEPT) {
                    return target;
                }
                // only whole segments: a cut one ("." of "..") would say another path
                int lastSlash = target.lastIndexOf('/', KEPT);
                return lastSlash < 0 ? null : target.substring(0, lastSlash + 1);
            }
        }
    }

    private static final Set<HttpParser.State> REQUEST_LINE = EnumSet.range(HttpParser.State.START, HttpParser.State.REQUEST_VERSION);

    /** Room for a method before the target; Jetty's longest known one is shorter. */
    private static final int MAX_METHOD = 64;
}
