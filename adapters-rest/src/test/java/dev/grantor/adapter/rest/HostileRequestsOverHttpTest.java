package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.application.HttpAnswer;
import dev.grantor.hostile.HostileText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile requests over real sockets: methods, paths, headers and bodies drawn by Instancio from a fixed
 * seed, each sent as raw bytes on its own connection. Whatever arrives, the server never answers 5xx, and every
 * error it sends is the contract's {@code {code, message}} envelope.
 */
class HostileRequestsOverHttpTest {

    private static final int REQUESTS = 10_000;
    private static final long SEED = 20_261_202L;
    private static final ApiServer server = new ApiServer();
    private static final Pattern HUGE_EXPONENT = Pattern.compile("\\d[eE][+-]?\\d{5,}");

    /** One request as bytes on the wire, and what it was, for the failure message. */
    record HostileRequest(String method, String summary, byte[] bytes) {}

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ten_thousand_hostile_requests_get_no_5xx_and_every_error_in_the_envelope() throws Exception {
        List<HostileRequest> requests = Instancio.ofList(HostileRequest.class).size(REQUESTS).withSeed(SEED)
                .supply(all(HostileRequest.class), HostileRequestsOverHttpTest::generate)
                .create();
        long withHugeExponents = requests.stream()
                .filter(request -> HUGE_EXPONENT.matcher(new String(request.bytes(), StandardCharsets.UTF_8)).find()).count();
        assertThat(withHugeExponents).as("requests carrying a number with an overflowing exponent").isGreaterThan(REQUESTS / 20);
        var failures = new ConcurrentLinkedQueue<String>();
        var answered = new AtomicInteger();
        var errors = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(4)) {
            var done = new ArrayList<Future<?>>();
            for (int worker = 0; worker < 4; worker++) {
                int first = worker;
                done.add(pool.submit(() -> {
                    for (int i = first; i < requests.size(); i += 4) {
                        check(requests.get(i), failures, answered, errors);
                    }
                }));
            }
            for (var future : done) {
                future.get();
            }
        }

        System.out.printf("HostileRequestsOverHttpTest: %d requests (%d with an overflowing exponent), %d answered, %d 4xx%n",
                requests.size(), withHugeExponents, answered.get(), errors.get());
        assertThat(failures).as("first failures of %d", failures.size()).isEmpty();
        assertThat(answered.get()).isEqualTo(REQUESTS);
        assertThat(errors.get()).as("most hostile requests are errors").isGreaterThan(REQUESTS / 2);
    }

    private static void check(HostileRequest request, ConcurrentLinkedQueue<String> failures, AtomicInteger answered,
                              AtomicInteger errors) {
        HttpAnswer answer;
        try {
            answer = HttpAnswer.exchange(server.api.port(), request.bytes());
        } catch (RuntimeException e) {
            note(failures, request, "no answer: " + e);
            return;
        }
        if (answer.status() == 0) {
            note(failures, request, "closed without an answer");
            return;
        }
        answered.incrementAndGet();
        if (answer.status() >= 500) {
            note(failures, request, answer.status() + " " + answer.body());
        } else if (answer.status() >= 400) {
            errors.incrementAndGet();
            if (!request.method().equals("HEAD")) {
                try {
                    ContractEnvelope.of(answer);
                } catch (AssertionError e) {
                    note(failures, request, e.getMessage());
                }
            }
        }
    }

    private static void note(ConcurrentLinkedQueue<String> failures, HostileRequest request, String what) {
        if (failures.size() < 20) {
            failures.add(request.summary() + " -> " + what);
        }
    }

    // ---- generation ------------------------------------------------------------------------------------------

    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "TRACE", "get",
            "CONNECT", "PROPFIND", "X", "GET\u0000"};
    private static final String[] TEMPLATES = {"/entitlements", "/entitlements/{}", "/entitlements/{}/grants",
            "/entitlements/{}/grants/{}", "/grants", "/grants/{}", "/grants/{}/license-key", "/grants/{}/delivery",
            "/grants/{}/failure", "/customers/{}/entitlement-grants", "/licenses/activate", "/licenses/validate",
            "/licenses/deactivate", "/webhooks", "/webhooks/{}", "/webhooks/{}/secret", "/webhooks/{}/deliveries",
            "/webhooks/{}/deliveries/{}/retry", "/health", "/ready", "/metrics", "/openapi.json", "/", "/nope"};
    private static final String[] SEGMENTS = {"..", ".", "..;", "%2e%2e", "%2e%2e;", "%00", "%zz", "%", "%u0000", "%ff%fe",
            "%c0%ae", ";jsessionid=1", "ent_00000000000000000000", "gnt_x", "a%2fb", "%25", "//", "?", "#", "~", "*"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
            "application/JSON", "application/json;;", "multipart/form-data; boundary=x", "", "*/*", "application/xml"};
    private static final String[] NAMES = {"license_key", "name", "license_key_instance_id", "key", "customer", "email",
            "integration_type", "integration_config", "metadata", "expires_at", "url", "headers", "reason", "disabled",
            "activations_limit", "description", "filter_types"};

    private static HostileRequest generate(Random random) {
        String method = random.oneOf(METHODS);
        String path = path(random);
        var head = new StringBuilder();
        var headers = new ArrayList<String>();
        headers.add("Host: localhost");
        switch (random.intRange(0, 6)) {
            case 0 -> headers.add("Authorization: Bearer " + server.a.writeKey());
            case 1 -> headers.add("Authorization: Bearer " + server.b.readKey());
            case 2 -> headers.add("Authorization: Bearer gnt_" + random.alphanumeric(random.intRange(0, 60)));
            case 3 -> headers.add("Authorization: " + random.oneOf("Bearer", "Bearer ", "Basic YTpi", "bearer  x", "Token t"));
            case 4 -> {
                headers.add("Authorization: Bearer " + server.a.readKey());
                headers.add("Authorization: Bearer " + server.a.writeKey());
            }
            default -> { }
        }
        if (random.trueOrFalse()) {
            headers.add("Idempotency-Key: " + headerText(random, random.intRange(0, 300)));
        }
        if (random.intRange(0, 4) == 0) {
            headers.add("X-Request-Id: " + headerText(random, random.intRange(0, 200)));
        }
        if (random.intRange(0, 9) == 0) {
            headers.add(random.oneOf("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override") + ": DELETE");
        }
        if (random.intRange(0, 9) == 0) {
            headers.add(random.alphanumeric(random.intRange(1, 20)) + ": " + headerText(random, random.intRange(0, 100)));
        }
        if (random.intRange(0, 14) == 0) {
            headers.add("Transfer-Encoding: " + random.oneOf("chunked", "gzip", "identity", "chunked, chunked"));
        }
        byte[] body = body(random);
        if (body.length > 0 || random.trueOrFalse()) {
            headers.add("Content-Type: " + random.oneOf(CONTENT_TYPES));
        }
        if (random.intRange(0, 19) == 0) {
            headers.add("Content-Length: " + random.oneOf("-1", "abc", "99999999999999999999", "0x10", " 3"));
        } else if (random.intRange(0, 19) == 0) {
            headers.add("Content-Length: " + body.length);
            headers.add("Content-Length: " + (body.length + 1));
        } else {
            headers.add("Content-Length: " + body.length);
        }
        headers.add("Connection: close");
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        String summary = method + " " + path + " " + headers + " body " + new String(body, 0, Math.min(body.length, 200),
                StandardCharsets.UTF_8);
        return new HostileRequest(method, summary.length() > 600 ? summary.substring(0, 600) : summary, bytes.toByteArray());
    }

    private static String path(Random random) {
        String template = random.oneOf(TEMPLATES);
        var path = new StringBuilder();
        int at = 0;
        int hole;
        while ((hole = template.indexOf("{}", at)) >= 0) {
            path.append(template, at, hole).append(segment(random));
            at = hole + 2;
        }
        path.append(template.substring(at));
        switch (random.intRange(0, 5)) {
            case 0 -> path.append('?').append(random.oneOf("page_size=", "page_number=", "limit=", "status=", "x="))
                    .append(random.oneOf("-1", "0", "1", "99999999999999", "abc", "%00", "1e9", ""));
            case 1 -> path.append('/').append(segment(random));
            case 2 -> path.insert(0, random.oneOf("/..", "//", "/.;", "/%2e"));
            default -> { }
        }
        return path.toString();
    }

    private static String segment(Random random) {
        return switch (random.intRange(0, 3)) {
            case 0 -> random.oneOf(SEGMENTS);
            case 1 -> random.alphanumeric(random.intRange(1, random.intRange(0, 9) == 0 ? 3_000 : 40));
            case 2 -> percentEncoded(HostileText.of(random));
            default -> random.oneOf("ent_", "gnt_", "lki_", "wh_", "del_") + random.alphanumeric(random.intRange(0, 30));
        };
    }

    private static String percentEncoded(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    /** Visible ASCII, obs-text and the odd tab or NUL: anything that does not end the header line. */
    private static String headerText(Random random, int length) {
        var out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            char c = switch (random.intRange(0, 9)) {
                case 0 -> random.oneOf('\t', '\u0000', '\u007f', '"', '\\', ',', ';');
                case 1 -> random.characterRange('\u0080', '\u00ff');
                default -> random.characterRange('!', '~');
            };
            out.append(c);
        }
        return out.toString();
    }

    private static byte[] body(Random random) {
        String text = switch (random.intRange(0, 7)) {
            case 0 -> "";
            case 1 -> object(random, 0);
            case 2 -> {
                String whole = object(random, 0);
                yield whole.substring(0, random.intRange(0, whole.length() - 1));
            }
            case 3 -> random.oneOf("null", "[]", "[{}]", "\"x\"", "1", "true", "{", "}", "{\"a\":}", "{\"a\" 1}", "\uFEFF{}",
                    "{\"license_key\":\"x\",\"license_key\":\"y\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}");
            case 4 -> "[".repeat(random.intRange(1, 3_000));
            case 5 -> "{\"name\":\"" + "x".repeat(random.intRange(60_000, 70_000)) + "\"}";
            default -> object(random, 0);
        };
        if (random.intRange(0, 19) == 0) {
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            byte[] broken = new byte[raw.length + 3];
            System.arraycopy(raw, 0, broken, 0, raw.length);
            broken[raw.length] = (byte) 0xC3;
            broken[raw.length + 1] = (byte) 0x28;
            broken[raw.length + 2] = (byte) 0xFF;
            return broken;
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String object(Random random, int depth) {
        var out = new StringBuilder("{");
        int fields = random.intRange(0, 6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(ApiServer.write(random.trueOrFalse() ? random.oneOf(NAMES) : HostileText.of(random))).append(':')
                    .append(value(random, depth + 1));
        }
        return out.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.intRange(0, 10)) {
            case 0 -> "null";
            case 1 -> random.oneOf("true", "false");
            case 2 -> Integer.toString(random.intRange(Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2));
            case 3 -> random.oneOf("0", "-0", "0.5", "-1", "2147483648", "9223372036854775808", "1.0", "1e3", "12.75");
            case 4 -> depth < 4 ? object(random, depth) : "{}";
            case 5 -> depth < 4 ? "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]" : "[]";
            case 6 -> ApiServer.write(random.oneOf("license_key", "manual", "auto", "2027-01-01T00:00:00Z",
                    "1970-01-01T00:00:00Z", "https://example.com/hook", "ada@example.com", "not an email", "P1D", ""));
            case 7 -> overflowingExponent(random);
            default -> ApiServer.write(HostileText.of(random));
        };
    }

    private static final String[] EXPONENT_EDGES = {"1e-2147483648", "1e99999999999", "1e2147483647", "-0e-99999",
            "1E+2147483648", "-1e-2147483649", "9.99e9223372036854775807", "0.0e99999999999999999999", "1e-400", "1e400",
            "123456789012345678901234567890e-2147483647", "-9223372036854775808e2147483647", "4.9e-324", "1.8e308"};

    /** A number whose exponent is beyond what an int, a double or a sane decimal holds, written as JSON allows. */
    private static String overflowingExponent(Random random) {
        if (random.trueOrFalse()) {
            return random.oneOf(EXPONENT_EDGES);
        }
        String mantissa = random.oneOf("0", "1", "-1", "7", "0.5", "-12.75", "1.0", "99999999999999999999");
        String exponent = random.oneOf("e", "E") + random.oneOf("", "+", "-")
                + random.digits(random.intRange(5, 24)).replaceFirst("^0+(?=.)", "");
        return mantissa + exponent;
    }
}
