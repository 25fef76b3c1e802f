package dev.grantor.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session 43 (testhold): hammered the served service with the old reader of WebRefusalsOnTheServiceTest to find an odd answer; none in 215,563 exchanges (README). Ran from bootstrap/src/test as ScratchFlakeProbeTest. */
class ScratchFlakeProbeTest {
    @TempDir
    Path dataDir;

    @Test
    void probe() throws Exception {
        try (var service = Service.start(ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory()))) {
            int port = service.url().getPort();
            var odd = new ConcurrentHashMap<String, AtomicInteger>();
            var resets = new AtomicInteger();
            var total = new AtomicInteger();
            String big = "_csrf=x&email=" + "a".repeat(3_000_000);
            String[] requests = {
                "POST /portal/link/not-a-token HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + big.length() + "\r\n\r\n" + big,
                "GET /console/ HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\nCookie: grantor_console=" + "x".repeat(20_000) + "\r\n\r\n",
                "GET /portal/sign-in HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\nCookie: grantor_console=" + "x".repeat(20_000) + "\r\n\r\n",
                "PUT /portal/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                "GET /entitlements/%zz HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                "GET /consoles/%zz HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
                "GET /entitlements/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
            };
            var threads = new Thread[2];
            long end = System.nanoTime() + 90_000_000_000L;
            for (int t = 0; t < threads.length; t++) {
                int which = t;
                threads[t] = Thread.ofPlatform().start(() -> {
                    int i = which;
                    while (System.nanoTime() < end) {
                        String request = requests[i++ % requests.length];
                        total.incrementAndGet();
                        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            socket.setSoTimeout(10_000);
                            try {
                                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                                socket.shutdownOutput();
                            } catch (IOException closedEarly) {
                            }
                            var received = new ByteArrayOutputStream();
                            String how = "eof";
                            try {
                                socket.getInputStream().transferTo(received);
                            } catch (IOException reset) {
                                how = reset.toString();
                                resets.incrementAndGet();
                            }
                            String raw = received.toString(StandardCharsets.UTF_8);
                            if (!raw.startsWith("HTTP/1.1 4") || !raw.contains("\r\n\r\n") || !how.equals("eof")) {
                                String key = request.substring(0, Math.min(40, request.length())) + " | " + how + " | "
                                        + raw.substring(0, Math.min(300, raw.length())).replace("\r\n", "\\r\\n");
                                odd.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (IOException e) {
                            odd.computeIfAbsent("connect " + e, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            for (var thread : threads) {
                thread.join();
            }
            System.out.println("PROBE total=" + total + " resets=" + resets);
            odd.forEach((k, v) -> System.out.println("PROBE ODD " + v + " x " + k));
        }
    }
}
