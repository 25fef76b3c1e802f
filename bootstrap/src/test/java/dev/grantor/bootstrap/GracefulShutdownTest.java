package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.adapter.rest.RestApi;
import dev.grantor.application.HttpAnswer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the service lets a request that is already in flight finish with its real answer. */
class GracefulShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void a_request_in_flight_when_the_service_stops_still_gets_its_answer() throws Exception {
        var database = DatabaseSettings.embedded(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()));
        byte[] body = "{\"name\":\"In flight\",\"integration_type\":\"license_key\",\"integration_config\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        try (var socket = new Socket(service.url().getHost(), service.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // half the body: the request has started and cannot be answered yet
            out.write(body, 0, body.length / 2);
            out.flush();
            // in flight means received by the server; a connection still in the kernel's accept queue is not, and a
            // stop resets it with the listening socket (what a fixed pause here let happen under load)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> activeRequests(service) == 1);

            var stopping = CompletableFuture.runAsync(service::close);
            Thread.sleep(500);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();

            var answer = HttpAnswer.read(socket.getInputStream());
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.body()).contains("\"name\":\"In flight\"");
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            service.close();
        }
    }

    private static double activeRequests(Service service) {
        var gauge = service.registry().find(RestApi.ACTIVE_REQUESTS_METRIC).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
