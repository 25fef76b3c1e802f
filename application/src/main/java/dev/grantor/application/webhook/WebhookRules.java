package dev.grantor.application.webhook;

import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.GrantorError.WebhookTargetNotAllowed;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an endpoint's parts must look like before they are stored. A URL is {@code https}, or plain
 * {@code http} only to a loopback host (for development); it carries no credentials and no fragment, has a
 * port in 1..65535 when it names one, and points at a public host unless the operator allows private ones
 * ({@link WebhookTargets}). Custom headers follow one rule whether given whole or merged into the stored ones, and
 * which of them count as sensitive when read back is decided here too.
 */
final class WebhookRules {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 2000;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE_LENGTH = 1000;

    /**
     * Headers the sender sets itself, or that the HTTP client refuses to take from a caller. {@code user-agent} is the
     * sender's too, and one field only: a second would go out beside it, not instead of it. {@code content-encoding}
     * describes the body, which the sender writes and signs unencoded: a {@code gzip} there made every delivery
     * undecodable to a receiver that honours it.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "user-agent", "content-type", "content-length", "content-encoding", "host", "connection", "expect", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection", "http2-settings");

    /**
     * Words that, in a header's name, say it carries a credential ({@code Authorization}, {@code X-Api-Key},
     * {@code X-Auth-Token}, {@code Cookie}, ...). Over-withholding costs a merchant one look at their own settings;
     * under-withholding hands a credential to whoever reads.
     */
    private static final List<String> CREDENTIAL_WORDS = List.of("auth", "token", "secret", "key", "pass", "pwd", "signature",
            "session", "cookie", "credential", "private", "jwt", "bearer");

    /**
     * Authentication schemes a value may start with, whatever the header's name: IANA's registered ones and those of
     * the big clouds and older servers.
     */
    private static final List<String> CREDENTIAL_SCHEMES = List.of("bearer ", "basic ", "digest ", "token ", "apikey ",
            "dpop ", "gnap ", "hoba ", "mutual ", "negotiate ", "ntlm ", "oauth ", "privatetoken ", "scram-", "vapid ",
            "hawk ", "aws4-hmac-sha256 ", "concealed ");

    private WebhookRules() {}

    static Either<GrantorError, String> url(String candidate, boolean privateTargetsAllowed) {
        if (candidate == null || candidate.isBlank()) {
            return Either.left(InvalidRequest.of("url", "is required"));
        }
        String trimmed = candidate.strip();
        if (trimmed.length() > MAX_URL_LENGTH) {
            return Either.left(ValidationFailed.of("url", "must be at most " + MAX_URL_LENGTH + " characters"));
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException malformed) {
            return Either.left(ValidationFailed.of("url", "is not a valid URL"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || uri.isOpaque() || host == null || host.isEmpty()) {
            return Either.left(ValidationFailed.of("url", "must be an absolute https URL with a host"));
        }
        if (uri.getRawUserInfo() != null) {
            return Either.left(ValidationFailed.of("url", "must not carry credentials"));
        }
        if (uri.getRawFragment() != null) {
            return Either.left(ValidationFailed.of("url", "must not have a fragment"));
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return Either.left(ValidationFailed.of("url", "must have a port between 1 and 65535"));
        }
        switch (WebhookTargets.host(host)) {
            case OBSCURED -> {
                return Either.left(ValidationFailed.of("url", "must write an IPv4 address as four decimal numbers"));
            }
            case NOT_PUBLIC -> {
                if (!privateTargetsAllowed) {
                    return Either.left(new WebhookTargetNotAllowed(new FieldProblem("url", "must point at a public internet"
                            + " address, not at loopback, a private, link-local or reserved network, or a cloud metadata service")));
                }
            }
            case PUBLIC -> { }
        }
        if (scheme.equals("https")) {
            return Either.right(trimmed);
        }
        if (scheme.equals("http") && isLoopback(host)) {
            return Either.right(trimmed);
        }
        return Either.left(ValidationFailed.of("url", scheme.equals("http")
                ? "must use https (plain http is allowed only to localhost or a loopback address)"
                : "must use https"));
    }

    /** By name or literal only: resolving names here would make validation depend on DNS. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        var parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static Either<GrantorError, List<String>> filterTypes(java.util.List<String> candidates) {
        if (candidates == null) {
            return Either.right(List.empty());
        }
        var unknown = List.ofAll(candidates).filter(type -> type == null
                || !Webhooks.EVENT_TYPES.contains(type) && !Webhooks.DODO_ONLY_EVENT_TYPES.contains(type));
        if (!unknown.isEmpty()) {
            return Either.left(ValidationFailed.of("filter_types", "holds unknown event types " + unknown.map(String::valueOf)
                    .mkString(", ") + "; Grantor sends " + Webhooks.EVENT_TYPES.mkString(", ")
                    + " (Dodo's other event types are accepted and never sent)"));
        }
        return Either.right(List.ofAll(candidates).distinct());
    }

    static Either<GrantorError, Option<String>> description(String candidate) {
        if (candidate == null) {
            return Either.right(Option.none());
        }
        if (Text.length(candidate) > MAX_DESCRIPTION_LENGTH || Text.hasControl(candidate, true)) {
            return Either.left(ValidationFailed.of("description", "must be at most " + MAX_DESCRIPTION_LENGTH
                    + " characters without control characters"));
        }
        return Either.right(Option.some(candidate));
    }

    static Either<GrantorError, LinkedHashMap<String, String>> headers(Map<String, String> candidates) {
        if (candidates == null) {
            return Either.right(LinkedHashMap.empty());
        }
        if (candidates.size() > MAX_HEADERS) {
            return Either.left(ValidationFailed.of("headers", "must have at most " + MAX_HEADERS + " entries"));
        }
        var headers = LinkedHashMap.<String, String>empty();
        for (var entry : candidates.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            if (name == null || !isToken(name)) {
                return Either.left(ValidationFailed.of("headers", "names must be HTTP header names"));
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return Either.left(ValidationFailed.of("headers." + name, "is set by Grantor itself"));
            }
            // field names are case-insensitive: two spellings of one would go out as one field given twice
            if (headers.keySet().exists(other -> other.equalsIgnoreCase(name))) {
                return Either.left(ValidationFailed.of("headers." + name, "is given twice (header names ignore letter case)"));
            }
            if (value == null || value.length() > MAX_HEADER_VALUE_LENGTH || !isPrintableAscii(value)) {
                return Either.left(ValidationFailed.of("headers." + name, "must be a string of at most "
                        + MAX_HEADER_VALUE_LENGTH + " printable ASCII characters"));
            }
            headers = headers.put(name, value);
        }
        return Either.right(headers);
    }

    /**
     * {@code current} with {@code changes} applied: a string adds a header or replaces the one of that name in any
     * letter case (taking the new spelling), a null removes it, or changes nothing when there is none. One name given
     * twice in {@code changes}, in any case, is refused; the result must then pass {@link #headers} as a whole, so that
     * a merge can break no rule a create keeps.
     */
    static Either<GrantorError, LinkedHashMap<String, String>> merged(LinkedHashMap<String, String> current,
                                                                      Map<String, String> changes) {
        if (changes == null) {
            return Either.left(InvalidRequest.of("headers", "is required"));
        }
        var named = new java.util.HashSet<String>();
        var result = new java.util.LinkedHashMap<>(current.toJavaMap());
        for (var change : changes.entrySet()) {
            String name = change.getKey();
            if (name == null || !named.add(name.toLowerCase(Locale.ROOT))) {
                return Either.left(ValidationFailed.of("headers." + name, "is given twice (header names ignore letter case)"));
            }
            var stored = result.keySet().stream().filter(name::equalsIgnoreCase).findFirst();
            if (change.getValue() == null) {
                stored.ifPresent(result::remove);
            } else if (stored.isPresent() && stored.get().equals(name)) {
                result.put(name, change.getValue());
            } else {
                stored.ifPresent(result::remove);
                result.put(name, change.getValue());
            }
        }
        return headers(result);
    }

    /**
     * What a reader is shown of an endpoint's headers: every value but the sensitive ones, or none to a read-only
     * reader (a key handed to a dashboard or to support), since a value cannot prove it is no credential.
     */
    static Webhooks.WebhookHeaders shown(LinkedHashMap<String, String> headers, boolean readOnly) {
        var withheld = headers.filter((name, value) -> readOnly || isSensitive(name, value));
        return new Webhooks.WebhookHeaders(headers.removeAll(withheld.keySet()), withheld.keySet().toList());
    }

    /**
     * A header whose name has a credential word in it, or whose value starts with an authentication scheme; after the
     * blanks in front, which a receiver drops.
     */
    static boolean isSensitive(String name, String value) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        String lowerValue = value.strip().toLowerCase(Locale.ROOT);
        return CREDENTIAL_WORDS.exists(lowerName::contains) || CREDENTIAL_SCHEMES.exists(lowerValue::startsWith);
    }

    /** HTTP/1.1 carries header values as bytes; anything past ASCII would be sent as something else than was stored. */
    private static boolean isPrintableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private static boolean isToken(String name) {
        if (name.isEmpty() || name.length() > 100) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
