package dev.grantor.adapter.web.page;

import io.javalin.http.Context;
import io.vavr.collection.List;

/**
 * What every page answers with. The policy allows the page's own stylesheet, images and script files only: no inline
 * script or style, no framing, forms posting only to this origin. No referrer leaves a page for another origin, so a
 * sign-in link in an address bar never travels to another site. The policy is {@code same-origin}, not
 * {@code no-referrer}: under {@code no-referrer} a browser sends {@code Origin: null} on the page's own form posts,
 * and {@link SameOrigin} could then not tell them from a sandboxed frame's.
 */
public final class SecurityHeaders {

    /** A response header, for answers written without a Javalin context (the server's own refusals). */
    public record Header(String name, String value) {}

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final List<Header> ALL = List.of(
            new Header("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            new Header("X-Content-Type-Options", "nosniff"),
            new Header("Referrer-Policy", "same-origin"),
            new Header("X-Frame-Options", "DENY"),
            new Header("Cross-Origin-Opener-Policy", "same-origin"),
            new Header("Cross-Origin-Resource-Policy", "same-origin"),
            new Header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"));

    /** Pages hold personal data and keys: no cache keeps them. */
    static final Header NO_STORE = new Header("Cache-Control", "no-store");

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ALL.forEach(header -> ctx.header(header.name(), header.value()));
    }

    static void noStore(Context ctx) {
        ctx.header(NO_STORE.name(), NO_STORE.value());
    }
}
