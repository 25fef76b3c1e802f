package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a request the client address its {@link TrustedProxies} name as its remote address, before any handler runs,
 * so that {@code ctx.ip()} is the client's for the API's limits and the web pages' alike. Only the address: the
 * scheme and host that links and cookies need come from the configured public URL, never from forwarded headers.
 * Each request is counted in {@value #METRIC} by the {@link Source} of its client; one whose trusted proxy wrote no
 * address where the client's belongs is also told in the log, at most once per {@link #WARNING_INTERVAL}, naming the
 * proxy but never the entry, which is a client's text.
 */
final class ForwardedClient implements HttpConfiguration.Customizer {

    static final String METRIC = "grantor.forwarded.clients";
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ForwardedClient.class);

    private final TrustedProxies proxies;
    private final Map<Source, Counter> counters = new EnumMap<>(Source.class);
    private final AtomicLong unwarned = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL.toNanos());

    ForwardedClient(TrustedProxies proxies, MeterRegistry registry) {
        this.proxies = proxies;
        for (Source source : Source.values()) {
            counters.put(source, Counter.builder(METRIC)
                    .description("Requests by where their client address came from: peer, proxy, forwarded, unreadable")
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer)
                || peer.getAddress() == null) {
            return request;
        }
        var resolved = proxies.resolve(peer.getAddress(), request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
        counters.get(resolved.source()).increment();
        if (resolved.source() == Source.UNREADABLE) {
            warn(resolved.address());
        }
        var client = resolved.address();
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

    private void warn(InetAddress proxy) {
        unwarned.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL.toNanos() && lastWarning.compareAndSet(last, now)) {
            long told = unwarned.getAndSet(0);
            log.warn("trusted proxy {} forwarded {} request(s) with an X-Forwarded-For entry that is no IP address where"
                    + " the client's belongs; each was charged to that proxy (fix what the proxy writes)",
                    proxy.getHostAddress(), Math.max(1, told));
        }
    }
}
