package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives a request the client address its {@link TrustedProxies} name as its remote address, before any handler runs,
 * so that {@code ctx.ip()} is the client's for the API's limits and the web pages' alike. Only the address: the
 * scheme and host that links and cookies need come from the configured public URL, never from forwarded headers.
 */
final class ForwardedClient implements HttpConfiguration.Customizer {

    private final TrustedProxies proxies;

    ForwardedClient(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer)
                || peer.getAddress() == null) {
            return request;
        }
        var client = proxies.client(peer.getAddress(), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        if (client.equals(peer.getAddress())) {
            return request;
        }
        // the client's own port is not known: 0 rather than the proxy's
        var remote = new InetSocketAddress(client, 0);
        var metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
            @Override
            public SocketAddress getRemoteSocketAddress() {
                return remote;
            }
        };
        return new Request.Wrapper(request) {
            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return metaData;
            }
        };
    }
}
