package dev.grantor.adapter.web.page;

import io.javalin.http.Context;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

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

    /** {@code path} (starting with /) on the public URL, or on loopback at the port {@code ctx} arrived on. */
    public String link(Context ctx, String path) {
        return publicUrl.map(URI::toString).getOrElse(() -> "http://127.0.0.1:" + ctx.req().getLocalPort()) + path;
    }
}
