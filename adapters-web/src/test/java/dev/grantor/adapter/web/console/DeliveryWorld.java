package dev.grantor.adapter.web.console;

import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.ScriptedSmtpServer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpMailer;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A console whose delivery emails go over SMTP to a server that refuses as told ({@link #smtp}) and whose webhooks go
 * over HTTP to a receiver that answers the codes queued in {@link #answers} (200 once they run out): the real parts
 * behind a grant's emails and deliveries on its timeline.
 */
final class DeliveryWorld implements AutoCloseable {

    final ScriptedSmtpServer smtp;
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    final WebServer server;
    private final HttpServer receiver;
    private final HttpWebhookSender sender;

    DeliveryWorld() {
        smtp = new ScriptedSmtpServer();
        try {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Integer answer = answers.poll();
            exchange.sendResponseHeaders(answer == null ? 200 : answer, -1);
            exchange.close();
        });
        receiver.start();
        sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
        server = new WebServer(clock -> new SmtpMailer(SmtpSettings.of("127.0.0.1", smtp.port(), SmtpSettings.Security.NONE)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                Sender.EMBEDDED_DEFAULT, clock, MailMetrics.NONE), sender);
    }

    /** Where the receiver listens, for a webhook endpoint's URL. */
    String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.close();
        try {
            sender.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        receiver.stop(0);
        smtp.close();
    }
}
