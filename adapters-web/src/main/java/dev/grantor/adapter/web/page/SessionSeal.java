package dev.grantor.adapter.web.page;

import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cookie value tied to one session: the value, a dot, and the HMAC-SHA256 of the cookie's name and value under the
 * session's secret. A browser's cookies are not only the server's: a sibling subdomain or one plain-http answer can
 * set a cookie for the realm's path, and a value kept in a cookie must not then become something the visitor trusts
 * (a link on the page). Without the session cookie's secret nobody can seal a value, and a value sealed for one
 * session is refused in another.
 */
final class SessionSeal {

    private SessionSeal() {}

    /** {@code value} must be cookie-safe already (URL-encoded); the tag adds only base64url characters and a dot. */
    static String seal(String sessionSecret, String name, String value) {
        return value + "." + tag(sessionSecret, name, value);
    }

    /** The value of {@code sealed} if this session sealed it under this name, otherwise none; in constant time. */
    static Option<String> open(String sessionSecret, String name, String sealed) {
        if (sessionSecret == null || sealed == null) {
            return Option.none();
        }
        int dot = sealed.lastIndexOf('.');
        if (dot < 0) {
            return Option.none();
        }
        String value = sealed.substring(0, dot);
        boolean ours = MessageDigest.isEqual(tag(sessionSecret, name, value).getBytes(StandardCharsets.US_ASCII),
                sealed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return ours ? Option.some(value) : Option.none();
    }

    private static String tag(String sessionSecret, String name, String value) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            // the label keeps these tags apart from the CSRF token, which is the same secret's HMAC of "grantor form"
            mac.update(("grantor cookie " + name + "\n").getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK provides HmacSHA256", impossible);
        }
    }
}
