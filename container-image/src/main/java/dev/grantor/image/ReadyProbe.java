package dev.grantor.image;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The image's health check: exits 0 when {@code GET /ready} on this container's own port answers 200, 1 otherwise.
 * The image has no shell and no HTTP client program, so the check is a class run by the image's own JRE.
 */
public final class ReadyProbe {

    private ReadyProbe() {}

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("GRANTOR_PORT", "8080");
        try {
            var connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/ready").toURL().openConnection();
            connection.setConnectTimeout(3_000);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (IOException | IllegalArgumentException unreachable) {
            System.exit(1);
        }
    }
}
