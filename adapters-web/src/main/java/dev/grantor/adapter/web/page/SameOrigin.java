package dev.grantor.adapter.web.page;

import io.javalin.http.Context;
import java.util.Collections;

/**
 * Whether a form was posted from a page of another origin, by what the browser says of the request. The CSRF token
 * alone does not settle it: the sign-in forms' token is tied to a cookie, and whoever can set a cookie for the host (a
 * sibling subdomain of the same site, one plain-http answer on the way) can plant that cookie, know its token, and
 * post the form from their own page, signing a victim into the attacker's session. {@code SameSite=Strict} does not
 * help there: a sibling subdomain is the same site. A browser names the page's origin in {@code Origin} on every
 * POST, and modern ones say in {@code Sec-Fetch-Site} how the page relates to the target; a page can forge neither.
 * A request with neither header (an old browser, a script) carries no such evidence and is left to the token.
 */
final class SameOrigin {

    private SameOrigin() {}

    /**
     * True when {@code Sec-Fetch-Site} is present and is neither {@code same-origin} nor {@code none} (an address typed
     * or a bookmark), or when {@code Origin} is present and is not {@code own}; {@code Origin: null} (a sandboxed frame,
     * a redirect across origins) is foreign too. Every value of a repeated header must pass.
     */
    static boolean foreign(Context ctx, String own) {
        for (String site : Collections.list(ctx.req().getHeaders("Sec-Fetch-Site"))) {
            if (!site.strip().equalsIgnoreCase("same-origin") && !site.strip().equalsIgnoreCase("none")) {
                return true;
            }
        }
        for (String origin : Collections.list(ctx.req().getHeaders("Origin"))) {
            if (!origin.strip().equalsIgnoreCase(own)) {
                return true;
            }
        }
        return false;
    }
}
