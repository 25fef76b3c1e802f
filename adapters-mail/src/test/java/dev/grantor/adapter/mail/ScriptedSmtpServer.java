package dev.grantor.adapter.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny but real SMTP server on a loopback port, for the replies GreenMail will not give: it answers each
 * {@code MAIL FROM} and {@code RCPT TO} as scripted (a 550 for an unknown mailbox, a 451 for a full queue, with a text
 * of the test's choosing, which is the mail server's to choose and so reaches an operator as an attacker would write
 * it), refuses the next recipients with {@link #refuse}'s replies before going back to its script, offers STARTTLS, or
 * never greets at all to make a client time out. Every message it accepts is kept in {@link #accepted}.
 *
 * <p>Shared through this module's test-jar: adapters-web's console tests send their delivery emails to it.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** The bodies of the messages accepted, in order, each line ended by {@code \n}, decoded as UTF-8. */
    public final List<String> accepted = new CopyOnWriteArrayList<>();

    private final ServerSocket socket;
    private final UnaryOperator<String> mailReply;
    private final UnaryOperator<String> rcptReply;
    private final boolean silent;
    private final SSLContext startTls;
    private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    /** Accepts every sender and recipient, until told to {@link #refuse}. */
    public ScriptedSmtpServer() {
        this(address -> "250 OK", address -> "250 2.1.5 OK", false, null);
    }

    private ScriptedSmtpServer(UnaryOperator<String> mailReply, UnaryOperator<String> rcptReply, boolean silent,
                               SSLContext startTls) {
        try {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.mailReply = mailReply;
        this.rcptReply = rcptReply;
        this.silent = silent;
        this.startTls = startTls;
        this.acceptor = Thread.ofVirtual().name("scripted-smtp").start(this::acceptLoop);
    }

    /** Answers {@code RCPT TO:<address>} with whatever the script says for that address. */
    public static ScriptedSmtpServer replying(UnaryOperator<String> rcptReply) {
        return new ScriptedSmtpServer(address -> "250 OK", rcptReply, false, null);
    }

    /** Answers {@code MAIL FROM:<address>} with whatever the script says for the sender; accepts every recipient. */
    public static ScriptedSmtpServer replyingToSender(UnaryOperator<String> mailReply) {
        return new ScriptedSmtpServer(mailReply, address -> "250 OK", false, null);
    }

    /** Accepts every recipient, and offers STARTTLS with the server identity of {@code tls}. */
    public static ScriptedSmtpServer offeringStartTls(SSLContext tls) {
        return new ScriptedSmtpServer(address -> "250 OK", address -> "250 OK", false, tls);
    }

    /** Accepts connections and then says nothing. */
    public static ScriptedSmtpServer silent() {
        return new ScriptedSmtpServer(address -> "250 OK", address -> "250 OK", true, null);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /**
     * The next recipients are answered these replies, one each, in order (such as "451 4.3.0 try later"), before the
     * script answers again: a refusal the relay retries, then an acceptance.
     */
    public void refuse(String... replies) {
        refusals.addAll(List.of(replies));
    }

    /** Sessions switched to TLS with STARTTLS. */
    public int upgrades() {
        return upgrades.get();
    }

    public int connections() {
        return connections.get();
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
            // bytes as they come, whatever the client's charset: the TLS switch needs a reader that has not read ahead
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
                    case "RCPT" -> {
                        String refusal = refusals.poll();
                        reply(out, refusal != null ? refusal : rcptReply.apply(address(line)));
                    }
                    case "DATA" -> {
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        var message = new StringBuilder();
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            message.append(data).append('\n');
                        }
                        accepted.add(new String(message.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
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

    private static String address(String commandLine) {
        int open = commandLine.indexOf('<');
        int close = commandLine.indexOf('>');
        return open >= 0 && close > open ? commandLine.substring(open + 1, close) : commandLine;
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor.interrupt();
    }
}
