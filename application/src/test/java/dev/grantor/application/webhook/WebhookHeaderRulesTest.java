package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.GrantorError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's own headers against a table written from HTTP's field grammar (RFC 9110: a name is a token of
 * {@code tchar}s; a value here is printable ASCII) and the documented limits, over generated header sets: names that
 * are tokens, that break the grammar by one character, that Grantor sets itself in any letter case, that repeat an
 * earlier name in another case, or that are too long; values printable or carrying one character that is not.
 */
class WebhookHeaderRulesTest {

    private static final long SEED = 20_261_205L;
    private static final String TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String NOT_TCHAR = " \t\"(),/:;<=>?@[\\]{}\u007f\u00e9\u00a0\u0130\r\n\u0000\u65e5";
    /** What the sender writes itself or the HTTP client refuses to take: docs/http-api.md names three of them. */
    private static final Set<String> SET_BY_GRANTOR = Set.of("webhook-id", "webhook-timestamp", "webhook-signature", "user-agent",
            "content-type", "content-length", "content-encoding", "host", "connection", "expect", "upgrade", "transfer-encoding", "te", "trailer",
            "keep-alive", "proxy-connection", "http2-settings");
    private static final int MAX_HEADERS = 20;
    private static final int MAX_NAME = 100;
    private static final int MAX_VALUE = 1000;

    /** The field the table says the first problem is named by, in the order the headers were given; null: accepted. */
    static String expectedProblem(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            return "headers";
        }
        var seen = new ArrayList<String>();
        for (var entry : headers.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.length() > MAX_NAME || !name.chars().allMatch(c -> TCHAR.indexOf(c) >= 0)) {
                return "headers";
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (SET_BY_GRANTOR.contains(lower) || seen.contains(lower)) {
                return "headers." + name;
            }
            String value = entry.getValue();
            if (value.length() > MAX_VALUE || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                return "headers." + name;
            }
            seen.add(lower);
        }
        return null;
    }

    static String token(SplittableRandom random, int length) {
        var name = new StringBuilder();
        for (int i = 0; i < length; i++) {
            name.append(TCHAR.charAt(random.nextInt(TCHAR.length())));
        }
        return name.toString();
    }

    static String inOtherCase(SplittableRandom random, String name) {
        var changed = new StringBuilder();
        for (char c : name.toCharArray()) {
            changed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return changed.toString();
    }

    static String name(SplittableRandom random, List<String> earlier) {
        return switch (random.nextInt(10)) {
            case 0 -> inOtherCase(random, List.copyOf(SET_BY_GRANTOR).get(random.nextInt(SET_BY_GRANTOR.size())));
            case 1 -> earlier.isEmpty() ? "X-First" : inOtherCase(random, earlier.get(random.nextInt(earlier.size())));
            case 2 -> {
                String name = token(random, 1 + random.nextInt(20));
                int at = random.nextInt(name.length() + 1);
                yield name.substring(0, at) + NOT_TCHAR.charAt(random.nextInt(NOT_TCHAR.length())) + name.substring(at);
            }
            case 3 -> token(random, MAX_NAME - 2 + random.nextInt(5));
            default -> "X-" + token(random, 1 + random.nextInt(30));
        };
    }

    static String value(SplittableRandom random) {
        int length = random.nextInt(8) == 0 ? MAX_VALUE - 2 + random.nextInt(5) : random.nextInt(40);
        var value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
        }
        if (random.nextInt(10) == 0) {
            char outside = "\t\r\n\u0000\u007f\u0080\u00e9\u2028\ud83d".charAt(random.nextInt(9));
            value.insert(random.nextInt(value.length() + 1), outside);
        }
        return value.toString();
    }

    @Test
    void a_header_set_is_kept_exactly_when_the_table_accepts_it_and_otherwise_refused_at_its_first_problem() {
        var seeds = Instancio.ofList(Long.class).size(20_000).withSeed(SEED).create();
        int accepted = 0;
        int refused = 0;
        for (long seed : seeds) {
            var random = new SplittableRandom(seed);
            var headers = new LinkedHashMap<String, String>();
            int count = random.nextInt(4) == 0 ? random.nextInt(MAX_HEADERS + 5) : random.nextInt(4);
            while (headers.size() < count) {
                headers.putIfAbsent(name(random, List.copyOf(headers.keySet())), value(random));
            }

            var answer = WebhookRules.headers(headers);
            String expected = expectedProblem(headers);

            if (expected == null) {
                assertThat(answer.isRight()).as("%s: %s", headers.keySet(), answer).isTrue();
                assertThat(answer.get().toJavaMap()).as("kept as given").isEqualTo(headers);
                assertThat(List.copyOf(answer.get().keySet().toJavaList())).as("in the order given").isEqualTo(List.copyOf(headers.keySet()));
                accepted++;
            } else {
                assertThat(answer.isLeft()).as("%s should be refused at %s", headers, expected).isTrue();
                assertThat(answer.getLeft()).isInstanceOf(GrantorError.ValidationFailed.class);
                var details = ((GrantorError.ValidationFailed) answer.getLeft()).details();
                assertThat(details.map(GrantorError.FieldProblem::field).toJavaList()).as("%s", headers).containsExactly(expected);
                refused++;
            }
        }
        // the draws reach both sides of the rule often, not by luck
        assertThat(accepted).isGreaterThan(3_000);
        assertThat(refused).isGreaterThan(3_000);
    }
}
