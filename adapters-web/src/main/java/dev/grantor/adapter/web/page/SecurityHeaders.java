package dev.grantor.adapter.web.page;

import io.javalin.http.Context;

/**
 * What every page answers with. The policy allows the page's own stylesheet, images and script files only: no inline
 * script or style, no framing, forms posting only to this origin. No referrer leaves a page, so a sign-in link in an
 * address bar never travels to another site.
 */
public final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }

    /** Pages hold personal data and keys: no cache keeps them. */
    static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
    }
}
