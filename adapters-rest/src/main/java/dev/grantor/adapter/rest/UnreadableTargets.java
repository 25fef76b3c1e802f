package dev.grantor.adapter.rest;

import io.vavr.control.Option;
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
 * only place it is still whole. A request line Jetty cannot split into method, target and version (one over the size
 * limit, a space in the target) never gets there and stays the API's.
 */
final class UnreadableTargets extends HttpConnectionFactory {

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
     * decoded, its dot segments resolved): none when its target was read, climbs above the root, or is not a path ({@code http://host/...}, {@code *}).
     */
    static Option<String> unreadablePath(ConnectionMetaData connection) {
        if (connection == null || !(connection.getConnection() instanceof Remembering remembering)) {
            return Option.none();
        }
        String target = remembering.unreadable;
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

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        var connection = new Remembering(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    private static final class Remembering extends HttpConnection {

        /** Set by the parser's thread before the refusal it leads to is generated; one message at a time. */
        private volatile String unreadable;

        Remembering(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            return new RequestHandler() {
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
        }
    }
}
