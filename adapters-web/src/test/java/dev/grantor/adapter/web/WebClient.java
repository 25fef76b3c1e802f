package dev.grantor.adapter.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plain HTTP to the web pages, as a browser without script would speak it: it keeps the cookies it was given (by
 * name, for this one host) and never follows redirects, so a test sees every 303.
 */
public final class WebClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public WebClient(URI base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** A form post; {@code fields} in order, URL-encoded; {@code headers} as name, value, name, value... */
    public HttpResponse<String> post(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Opens a one-time link's page and presses its button: signed in when it answers 303. */
    public HttpResponse<String> signIn(String link) {
        var page = get(URI.create(link).getPath());
        return post(URI.create(link).getPath(), Map.of("_csrf", csrf(page.body())));
    }

    public static String csrf(String html) {
        var m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void cookie(String name, String value) {
        cookies.put(name, value);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.substring(0, set.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (set.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
