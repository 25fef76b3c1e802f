package dev.grantor.application.memory;

import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An event sink that keeps what was published; it can be told to fail like {@link RecordingMailer}. Thread-safe. */
public final class RecordingEventSink implements EventSink {

    private final AtomicReference<List<PublishedEvent>> published = new AtomicReference<>(List.empty());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger temporaryFailuresLeft = new AtomicInteger();
    private final AtomicInteger throwsLeft = new AtomicInteger();
    private volatile String temporaryReason = "temporary failure";
    private volatile String permanentReason;

    @Override
    public SendOutcome publish(PublishedEvent event) {
        attempts.incrementAndGet();
        if (throwsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("broker unreachable");
        }
        if (permanentReason != null) {
            return new SendOutcome.PermanentFailure(permanentReason);
        }
        if (temporaryFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new SendOutcome.TemporaryFailure(temporaryReason);
        }
        published.updateAndGet(all -> all.append(event));
        return SendOutcome.SENT;
    }

    public RecordingEventSink failTemporarily(int events, String reason) {
        temporaryReason = reason;
        temporaryFailuresLeft.set(events);
        return this;
    }

    public RecordingEventSink failPermanently(String reason) {
        permanentReason = reason;
        return this;
    }

    public RecordingEventSink throwOnNext(int events) {
        throwsLeft.set(events);
        return this;
    }

    public RecordingEventSink recover() {
        permanentReason = null;
        temporaryFailuresLeft.set(0);
        throwsLeft.set(0);
        return this;
    }

    public List<PublishedEvent> published() {
        return published.get();
    }

    /** The topics published, in order. */
    public List<String> types() {
        return published.get().map(PublishedEvent::type);
    }

    public int attempts() {
        return attempts.get();
    }
}
