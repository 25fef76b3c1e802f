package dev.grantor.adapter.persistence;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.webhook.DispatchPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The child process of the webhook crash test: one endpoint, then grants issued and their events fanned out, round
 * after round, while the dispatcher sends their webhooks in the background, as on a running node, until it is killed.
 * Its sender stands in for the merchant's receiver: it holds each request a while before answering, so a kill finds
 * sends in flight, and it writes what it received to a file, which the test reads after the kill. A relay's start and
 * end ({@code RELAY}, {@code RELAYED}) and each hold's start ({@code HOLDING}) are lines on stdout, for the test to
 * time its kill and tell where it landed.
 */
public final class CrashingDispatcher {

    /** How long the child's receiver holds each request before answering 200. */
    static final Duration HOLD = Duration.ofMillis(200);

    private CrashingDispatcher() {}

    /**
     * A receiver that appends {@code SENT <webhook-id>} to {@code log} when a request reaches it, says {@code HOLDING
     * <webhook-id>} on stdout, holds the request for {@code hold}, then appends {@code RECEIVED <webhook-id>} and answers
     * 200: a webhook counts as received only once its receiver answered it (a receiver that dies first, or whose caller
     * does, answers nothing and expects it again). Writes reach the file whether or not the process dies afterwards.
     */
    static WebhookSender receivingInto(Path log, Duration hold) {
        FileChannel channel;
        try {
            channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return request -> {
            String id = request.headers().get("webhook-id").get();
            try {
                append(channel, "SENT " + id);
                if (!hold.isZero()) {
                    System.out.println("HOLDING " + id);
                    System.out.flush();
                    Thread.sleep(hold);
                }
                append(channel, "RECEIVED " + id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WebhookSender.Outcome.Unreachable("the receiver was interrupted");
            }
            return new WebhookSender.Outcome.Answered(200);
        };
    }

    private static void append(FileChannel channel, String line) {
        try {
            synchronized (channel) {
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Grantor engine(JdbcStorage storage, Path log, Duration hold, InstantSource clock) {
        return Grantor.builder().storage(storage).clock(clock)
                .mailer(emails -> emails.map(email -> SendOutcome.SENT))
                .webhookSender(receivingInto(log, hold))
                .dispatchPolicy(DispatchPolicy.defaults().withPrivateTargetsAllowed(true))
                .build();
    }

    public static void main(String[] args) {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = engine(storage, Path.of(EngineProcess.argument(args, 0)), HOLD, InstantSource.system());
        engine.webhooks().create(world.businessId(), new CreateWebhook("http://127.0.0.1:9/hook", null, null, null, null, null, null))
                .getOrElseThrow(error -> new IllegalStateException(error.message()));
        System.out.println("WORLD " + world.businessId().value());
        System.out.flush();
        // as on a node: the dispatcher claims, sends and settles on its own threads, nudged by each fan-out
        engine.dispatcher().get().start();
        for (int round = 0; ; round++) {
            for (int i = 0; i < 10; i++) {
                Engines.issuePending(engine, world);
            }
            System.out.println("RELAY " + round);
            System.out.flush();
            engine.relay().runOnce();
            System.out.println("RELAYED " + round);
            System.out.flush();
        }
    }
}
