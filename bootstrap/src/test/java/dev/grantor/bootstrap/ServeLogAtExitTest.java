package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grantor serve} in its own process, with the logging configuration it ships: every access line of a request
 * answered before SIGTERM reaches stderr (the test's and the start's own {@code /health}), and so do the lines of the
 * shutdown, after them.
 */
class ServeLogAtExitTest {

    private static final int REQUESTS = 3_000;
    private static final Pattern CONSOLE_URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)console/");

    @TempDir
    Path dataDir;

    @Test
    void every_line_logged_before_sigterm_and_during_the_shutdown_is_on_stderr() throws Exception {
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                // the shipped logback.xml, not the tests' logback-test.xml that the class path also holds
                "-Dlogback.configurationFile=" + GrantorCli.class.getResource("/logback.xml"),
                GrantorCli.class.getName(), "serve", "--port", "0", "--data-dir", dataDir.toString(),
                "--rate-limit", "1000000", "--license-rate-limit", "1000000");
        builder.environment().keySet().removeIf(name -> name.startsWith("GRANTOR_"));
        // stderr stays unread until SIGTERM: the pipe fills (64 KiB, about 500 lines) and the writer blocks on it,
        // so most of the access lines are still queued in the process when it is told to stop. A named pipe rather
        // than the Process's own: the JDK closes that one under a reader when the process exits
        Path fifo = dataDir.resolve("stderr.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        var stderrOpened = CompletableFuture.supplyAsync(() -> open(fifo));
        var server = builder.redirectError(fifo.toFile()).start();
        try (InputStream stderrPipe = stderrOpened.get(10, TimeUnit.SECONDS)) {
            URI base = CompletableFuture.supplyAsync(() -> consoleUrl(server)).get(60, TimeUnit.SECONDS);
            try (var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                var health = HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(20)).build();
                for (int i = 0; i < REQUESTS; i++) {
                    assertThat(client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                }
            }

            server.destroy();
            // the shutdown takes a few hundred milliseconds, the log's writer waits up to 10 s for stderr: reading only
            // later has the queued lines still queued when the last step of the shutdown stops the log
            Thread.sleep(3_000);
            var stderr = CompletableFuture.supplyAsync(() -> readAll(stderrPipe));
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("serve stopped after SIGTERM").isTrue();
            List<String> lines = stderr.get(30, TimeUnit.SECONDS).lines().toList();

            int listening = indexOf(lines, line -> line.contains("Grantor listening on"));
            assertThat(listening).as("serve's start on stderr").isNotNegative();
            // the service's start requests its own /health once before it says it is listening; that request's access
            // line is written after its answer, so it may land before or after "listening": counted wherever it is
            List<Integer> accessLines = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(" - GET /health 200 ")) {
                    accessLines.add(i);
                }
            }
            int stopping = indexOf(lines, line -> line.contains("stopping: finishing requests in flight"));
            int stopped = indexOf(lines, line -> line.contains(" dev.grantor.bootstrap.Service ") && line.endsWith(" - stopped"));
            assertThat(accessLines.size()).as("access lines on stderr, of %d lines in all; the first and the last:%n%s%n%s",
                    lines.size(), String.join("\n", lines.subList(0, Math.min(8, lines.size()))),
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size()))).isEqualTo(REQUESTS + 1);
            assertThat(stopping).as("the shutdown's first line").isGreaterThan(accessLines.getLast());
            assertThat(stopped).as("the shutdown's last line").isGreaterThan(stopping);
        } finally {
            server.destroyForcibly();
        }
    }

    private static URI consoleUrl(Process server) {
        var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                var url = CONSOLE_URL.matcher(line);
                if (url.find()) {
                    return URI.create(url.group(1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("serve ended without printing its console's address");
    }

    private static InputStream open(Path fifo) {
        try {
            // blocks until the process being started opens the other end
            return Files.newInputStream(fifo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream stderr) {
        try {
            return new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, Predicate<String> wanted) {
        for (int i = 0; i < lines.size(); i++) {
            if (wanted.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
