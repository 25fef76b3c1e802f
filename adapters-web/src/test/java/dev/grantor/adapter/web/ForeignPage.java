package dev.grantor.adapter.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A page of another origin of the same site, for a browser test: served at another port of 127.0.0.1, which a browser
 * counts as the same site as the web server (its {@code SameSite=Strict} cookies go along on a form post) and as another
 * origin (it names this page's origin in {@code Origin}). What it serves is {@link #show}n before the browser opens it.
 */
public final class ForeignPage implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<String> html = new AtomicReference<>("<!doctype html><html lang=en><title>Empty</title>");

    public ForeignPage() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = html.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Serves a page whose one button posts a form to {@code action} (an absolute URL) with {@code fields} as hidden
     * inputs, as a page of another site would offer a victim; answers the page's own address. Names and values are the
     * test's own, written as they are.
     */
    public String show(String action, java.util.Map<String, String> fields) {
        var inputs = new StringBuilder();
        fields.forEach((name, value) -> inputs.append("<input type=hidden name=\"").append(name).append("\" value=\"")
                .append(value).append("\">"));
        html.set("<!doctype html><html lang=en><title>Win a prize</title><h1>Win a prize</h1><form method=post action=\""
                + action + "\">" + inputs + "<button type=submit>Claim</button></form>");
        return url();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
