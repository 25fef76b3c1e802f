package dev.grantor.adapter.web.page;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A form's CSRF token is derived from the secret in the visitor's HttpOnly cookie (HMAC-SHA256 of a fixed label), so
 * it needs no storage: a page of another site can neither read the cookie nor compute the token, and a request
 * without the token matching its cookie is refused.
 */
final class Csrf {

    static final String FIELD = "_csrf";

    private Csrf() {}

    static String tokenFor(String cookieSecret) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookieSecret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                    "grantor form".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK provides HmacSHA256", impossible);
        }
    }

    /** In constant time, so the comparison tells nothing about how much of a guess was right. */
    static boolean matches(String cookieSecret, String given) {
        return cookieSecret != null && given != null && MessageDigest.isEqual(
                tokenFor(cookieSecret).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
