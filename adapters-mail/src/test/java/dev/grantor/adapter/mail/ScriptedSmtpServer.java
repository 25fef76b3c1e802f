package dev.grantor.adapter.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny but real SMTP server on a loopback port, for the replies GreenMail will not give: it answers each
 * {@code RCPT TO} as scripted (a 550 for an unknown mailbox, a 451 for a full queue), or never greets at all
 * to make a client time out.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final UnaryOperator<String> rcptReply;
    private final UnaryOperator<String> mailReply;
    private final boolean silent;
    private final SSLContext startTls;
    private final AtomicInteger upgrades = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private ScriptedSmtpServer(UnaryOperator<String> rcptReply, boolean silent, SSLContext startTls) throws IOException {
        this(address -> "250 OK", rcptReply, silent, startTls);
    }

    private ScriptedSmtpServer(UnaryOperator<String> mailReply, UnaryOperator<String> rcptReply, boolean silent,
                               SSLContext startTls) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.mailReply = mailReply;
        this.rcptReply = rcptReply;
        this.silent = silent;
        this.startTls = startTls;
        this.acceptor = Thread.ofVirtual().name("scripted-smtp").start(this::acceptLoop);
    }

    /** Answers {@code RCPT TO:<address>} with whatever the script says for that address. */
    static ScriptedSmtpServer replying(UnaryOperator<String> rcptReply) throws IOException {
        return new ScriptedSmtpServer(rcptReply, false, null);
    }

    /** Answers {@code MAIL FROM:<address>} with whatever the script says for the sender; accepts every recipient. */
    static ScriptedSmtpServer replyingToSender(UnaryOperator<String> mailReply) throws IOException {
        return new ScriptedSmtpServer(mailReply, address -> "250 OK", false, null);
    }

    /** Accepts every recipient, and offers STARTTLS with the server identity of {@code tls}. */
    static ScriptedSmtpServer offeringStartTls(SSLContext tls) throws IOException {
        return new ScriptedSmtpServer(address -> "250 OK", false, tls);
    }

    /** Accepts connections and then says nothing. */
    static ScriptedSmtpServer silent() throws IOException {
        return new ScriptedSmtpServer(address -> "250 OK", true, null);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Sessions switched to TLS with STARTTLS. */
    int upgrades() {
        return upgrades.get();
    }

    int connections() {
        return connections.get();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket plain) {
        Socket client = plain;
        try {
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            if (silent) {
                while (in.read() >= 0) {
                    // say nothing until the client gives up
                }
                return;
            }
            reply(out, "220 scripted ESMTP ready");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                if (line.toUpperCase(Locale.ROOT).startsWith("STARTTLS") && startTls != null) {
                    reply(out, "220 go ahead");
                    SSLSocket tls = (SSLSocket) startTls.getSocketFactory()
                            .createSocket(client, client.getInetAddress().getHostAddress(), client.getPort(), true);
                    tls.setUseClientMode(false);
                    tls.startHandshake();
                    upgrades.incrementAndGet();
                    client = tls;
                    in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                    out = client.getOutputStream();
                    continue;
                }
                switch (verb) {
                    case "EHLO" -> reply(out, startTls != null && !(client instanceof SSLSocket)
                            ? "250-scripted\r\n250 STARTTLS" : "250 scripted");
                    case "HELO", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "MAIL" -> reply(out, mailReply.apply(address(line)));
                    case "RCPT" -> reply(out, rcptReply.apply(address(line)));
                    case "DATA" -> {
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the body is of no interest here
                        }
                        accepted.incrementAndGet();
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (IOException gone) {
            // the client hung up or refused the handshake; nothing to clean up beyond the socket
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static String address(String rcptLine) {
        int open = rcptLine.indexOf('<');
        int close = rcptLine.indexOf('>');
        return open >= 0 && close > open ? rcptLine.substring(open + 1, close) : rcptLine;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
