package dev.grantor.adapter.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server on a real socket whose answer to each recipient is scripted: the next of {@link #refuse}'s replies
 * (a 4xx the relay retries, a 5xx it parks, either with the server's own text, which is the mail server's to choose and
 * so arrives at the console as an attacker would write it), and once those are spent "250", the message then accepted
 * and kept in {@link #accepted}. GreenMail accepts every recipient and has no reply text to choose, hence this one.
 */
public final class ScriptedSmtp implements AutoCloseable {

    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
    public final CopyOnWriteArrayList<String> accepted = new CopyOnWriteArrayList<>();

    public ScriptedSmtp() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The next recipients are answered these replies, one each, in order (such as "451 4.3.0 try later"). */
    public void refuse(String... replies) {
        refusals.addAll(java.util.List.of(replies));
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                var client = socket.accept();
                Thread.ofVirtual().start(() -> session(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client; var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
            reply(out, "220 scripted.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 scripted.test");
                    case "RCPT" -> {
                        String refusal = refusals.poll();
                        reply(out, refusal == null ? "250 2.1.5 OK" : refusal);
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        var message = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            message.append(line).append('\n');
                        }
                        accepted.add(message.toString());
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException dropped) {
            // the client hung up: its session is over
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
