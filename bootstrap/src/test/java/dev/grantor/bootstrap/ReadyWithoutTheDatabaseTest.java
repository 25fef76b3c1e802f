package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.persistence.PostgresFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /ready} on PostgreSQL that goes away under a running node: the database sits behind a forwarder the test
 * closes, connections and all, as a stopped server or a cut network would. The answer is 503 within seconds, as a
 * load balancer's probe needs it; it took the pool's 30-second connection timeout.
 */
class ReadyWithoutTheDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void ready_answers_503_within_seconds_once_the_database_is_gone_and_200_again_when_it_is_back() throws Exception {
        var direct = TestPostgres.newDatabase(dataDir);
        URI target = URI.create(direct.url().get().substring("jdbc:".length()));
        try (var forwarder = new Forwarder(target.getPort())) {
            String url = direct.url().get().replace(":" + target.getPort() + "/", ":" + forwarder.port() + "/");
            var database = DatabaseSettings.external(dataDir, url, PostgresFixture.USER, PostgresFixture.PASSWORD);
            try (var service = Service.start(ServiceSettings.local(database, new MailSettings(io.vavr.control.Option.none(),
                    dev.grantor.adapter.mail.Sender.EMBEDDED_DEFAULT)));
                 var client = HttpClient.newHttpClient()) {
                var ready = HttpRequest.newBuilder(service.url().resolve("ready")).timeout(Duration.ofSeconds(60)).build();
                assertThat(client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

                forwarder.cut();
                // past the pool's half second without a check of a connection it lent out: what a prober sees later on
                Thread.sleep(1_000);
                for (int probe = 0; probe < 3; probe++) {
                    long started = System.nanoTime();
                    var answer = client.send(ready, HttpResponse.BodyHandlers.ofString());
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                    assertThat(took).as("probe %d", probe).isLessThan(Readiness.WAIT.plusSeconds(3));
                }

                forwarder.restore();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int status;
                do {
                    Thread.sleep(500);
                    status = client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } while (status != 200 && System.nanoTime() < deadline);
                assertThat(status).as("ready again once the database answers").isEqualTo(200);
            }
        }
    }

    /** Forwards loopback connections to the database's port until cut: then refuses new ones and drops open ones. */
    static final class Forwarder implements AutoCloseable {

        private final int targetPort;
        private final ServerSocket listener;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean cut;

        Forwarder(int targetPort) throws IOException {
            this.targetPort = targetPort;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        void cut() {
            cut = true;
            open.forEach(Forwarder::closeQuietly);
            open.clear();
        }

        void restore() {
            cut = false;
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (cut) {
                        client.close();
                        continue;
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(client);
                    open.add(server);
                    Thread.ofVirtual().start(() -> pump(client, server));
                    Thread.ofVirtual().start(() -> pump(server, client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void pump(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException dropped) {
                // the other direction, or cut(), closed it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }

        @Override
        public void close() throws IOException {
            cut();
            listener.close();
        }
    }
}
