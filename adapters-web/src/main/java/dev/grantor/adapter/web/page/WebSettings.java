package dev.grantor.adapter.web.page;

import io.javalin.http.Context;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * How the web faces are reached and reported. {@code publicUrl} is the address people open, the base of links sent by
 * email; without one, links name the loopback address and the port the request came in on. Never the request's
 * {@code Host} header: anyone can set it, and a link mailed to an operator must not point elsewhere.
 * {@code routeAttribute} is the request attribute in which the host's access log and metrics expect a route template.
 */
public record WebSettings(Option<URI> publicUrl, String routeAttribute) {

    public WebSettings {
        if (publicUrl == null || publicUrl.exists(url -> url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https")))) {
            throw new IllegalArgumentException("the public URL is an absolute http(s) URL, such as https://grantor.example.com");
        }
        if (routeAttribute == null || routeAttribute.isBlank()) {
            throw new IllegalArgumentException("the route attribute is named");
        }
        publicUrl = publicUrl.map(url -> url.toString().endsWith("/")
                ? URI.create(url.toString().substring(0, url.toString().length() - 1)) : url);
    }

    /**
     * Whether the web faces' cookies carry {@code Secure}. With a public URL, its scheme says: https behind a TLS proxy
     * is https to the browser, whatever the proxy speaks to us. Without one, only plain http to a loopback socket goes
     * without (a browser would drop a Secure cookie there, and nothing travels off the host). Never the {@code Host}
     * header: a client that names localhost must not strip the flag off a cookie sent over the network.
     */
    public boolean secureCookies(Context ctx) {
        return publicUrl.map(url -> url.getScheme().equals("https"))
                .getOrElse(() -> ctx.req().isSecure() || !loopback(ctx.req().getLocalAddr()));
    }

    private static boolean loopback(String socketAddress) {
        if (socketAddress == null || socketAddress.isEmpty()) {
            return false;
        }
        String literal = socketAddress.startsWith("[") ? socketAddress.substring(1, socketAddress.length() - 1) : socketAddress;
        if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
            return false;
        }
        try {
            // an address literal: no name is looked up
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The origin the web faces are served from, written as a browser writes it in {@code Origin}: the public URL's when
     * there is one (behind a TLS proxy the browser's origin is the public one, whatever the proxy speaks to us);
     * otherwise the scheme, host and port the request was made to. That host is the request's {@code Host} header,
     * which anyone can set, and it serves only to be compared with {@code Origin}: in a victim's browser both are the
     * browser's own and a page of another site can forge neither, while a client that sets both as it likes carries
     * nobody's cookies but its own. It is never the base of a link ({@link #link}).
     */
    public String origin(Context ctx) {
        return publicUrl.map(url -> origin(url.getScheme(), url.getHost(), url.getPort()))
                .getOrElse(() -> origin(ctx.req().isSecure() ? "https" : "http", ctx.req().getServerName(),
                        ctx.req().getServerPort()));
    }

    /** Scheme, host and port as RFC 6454 serialises them: lower case, IPv6 in brackets, no default port. */
    private static String origin(String scheme, String host, int port) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        String lowerHost = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (lowerHost.contains(":") && !lowerHost.startsWith("[")) {
            lowerHost = "[" + lowerHost + "]";
        }
        int defaultPort = lowerScheme.equals("https") ? 443 : 80;
        return lowerScheme + "://" + lowerHost + (port < 0 || port == defaultPort ? "" : ":" + port);
    }

    /** {@code path} (starting with /) on the public URL, or on loopback at the port {@code ctx} arrived on. */
    public String link(Context ctx, String path) {
        return publicUrl.map(URI::toString).getOrElse(() -> "http://127.0.0.1:" + ctx.req().getLocalPort()) + path;
    }
}
