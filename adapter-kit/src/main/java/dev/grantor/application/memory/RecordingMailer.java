package dev.grantor.application.memory;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mailer that keeps what it was asked to send. It can be told to fail: the next {@code n} emails with a
 * temporary failure, every email with a permanent one, or whole calls with an exception. Thread-safe.
 */
public final class RecordingMailer implements Mailer {

    private final AtomicReference<List<Email>> sent = new AtomicReference<>(List.empty());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicReference<List<Integer>> callSizes = new AtomicReference<>(List.empty());
    private final AtomicInteger temporaryFailuresLeft = new AtomicInteger();
    private final AtomicInteger throwingCallsLeft = new AtomicInteger();
    private volatile String temporaryReason = "temporary failure";
    private volatile String permanentReason;

    @Override
    public List<SendOutcome> send(List<? extends Email> emails) {
        callSizes.updateAndGet(sizes -> sizes.append(emails.size()));
        if (throwingCallsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("mail server unreachable");
        }
        return emails.map(this::sendOne);
    }

    private SendOutcome sendOne(Email email) {
        attempts.incrementAndGet();
        if (permanentReason != null) {
            return new SendOutcome.PermanentFailure(permanentReason);
        }
        if (temporaryFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new SendOutcome.TemporaryFailure(temporaryReason);
        }
        sent.updateAndGet(all -> all.append(email));
        return SendOutcome.SENT;
    }

    /** The next {@code emails} emails answer a temporary failure with this reason. */
    public RecordingMailer failTemporarily(int emails, String reason) {
        temporaryReason = reason;
        temporaryFailuresLeft.set(emails);
        return this;
    }

    /** Every email from now on answers a permanent failure, until {@link #recover()}. */
    public RecordingMailer failPermanently(String reason) {
        permanentReason = reason;
        return this;
    }

    /** The next {@code sendCalls} calls throw instead of answering. */
    public RecordingMailer throwOnNextCalls(int sendCalls) {
        throwingCallsLeft.set(sendCalls);
        return this;
    }

    public RecordingMailer recover() {
        permanentReason = null;
        temporaryFailuresLeft.set(0);
        throwingCallsLeft.set(0);
        return this;
    }

    /** Delivery emails sent successfully, in the order they were sent. */
    public List<DeliveryEmail> sent() {
        return sent.get().filter(DeliveryEmail.class::isInstance).map(DeliveryEmail.class::cast);
    }

    /** Portal sign-in emails (codes and links) sent successfully, in the order they were sent. */
    public List<PortalEmail> portalEmails() {
        return sent.get().filter(PortalEmail.class::isInstance).map(PortalEmail.class::cast);
    }

    /** Emails offered, sent or not. */
    public int attempts() {
        return attempts.get();
    }

    public int calls() {
        return callSizes.get().size();
    }

    /** How many emails each call carried, in the order of the calls. */
    public List<Integer> callSizes() {
        return callSizes.get();
    }
}
