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
import java.time.InstantSource;

/**
 * The child process of the webhook crash test: one endpoint, then grants issued, their events fanned out and their
 * webhooks dispatched, round after round, until it is killed. Its sender writes each webhook's id to a file before
 * answering 200, so the test knows every send, the ones the store never heard of included; writes reach the file
 * whether or not the process dies afterwards. Each round says on stdout when its relay ({@code RELAY}) and its dispatch
 * ({@code DISPATCH}) begin, so the test can aim its kill at either.
 */
public final class CrashingDispatcher {

    private CrashingDispatcher() {}

    /**
     * A sender that appends {@code SENT <webhook-id>} to {@code log} and answers 200, 40 ms later: a kill then often lands
     * between a send and its settlement.
     */
    static WebhookSender recordingTo(Path log) {
        FileChannel channel;
        try {
            channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return request -> {
            byte[] line = ("SENT " + request.headers().get("webhook-id").get() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                synchronized (channel) {
                    channel.write(ByteBuffer.wrap(line));
                }
                Thread.sleep(40);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new WebhookSender.Outcome.Answered(200);
        };
    }

    static Grantor engine(JdbcStorage storage, Path log, InstantSource clock) {
        return Grantor.builder().storage(storage).clock(clock)
                .mailer(emails -> emails.map(email -> SendOutcome.SENT))
                .webhookSender(recordingTo(log))
                .dispatchPolicy(DispatchPolicy.defaults().withPrivateTargetsAllowed(true))
                .build();
    }

    public static void main(String[] args) {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = engine(storage, Path.of(EngineProcess.argument(args, 0)), InstantSource.system());
        engine.webhooks().create(world.businessId(), new CreateWebhook("http://127.0.0.1:9/hook", null, null, null, null, null, null))
                .getOrElseThrow(error -> new IllegalStateException(error.message()));
        System.out.println("WORLD " + world.businessId().value());
        System.out.flush();
        var dispatcher = engine.dispatcher().get();
        for (int round = 0; ; round++) {
            for (int i = 0; i < 10; i++) {
                Engines.issuePending(engine, world);
            }
            System.out.println("RELAY " + round);
            System.out.flush();
            engine.relay().runOnce();
            System.out.println("DISPATCH " + round);
            System.out.flush();
            dispatcher.runOnce();
            System.out.println("ROUND " + round + " END");
            System.out.flush();
        }
    }
}
