package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Option;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Reads what went wrong for the relay: park at once (the server said no to this message for good) or try
 * again later (the server, the network or our own configuration is the problem, not the message).
 */
public final class SmtpFailure {

    static final int MAX_REASON_LENGTH = 500;

    /**
     * 5xx replies about the session rather than the message: authentication required or refused, encryption
     * required. Parking every message for them would turn one configuration fix into a manual requeue of the
     * whole outbox; retried, they go out once the configuration is fixed, and park by attempts otherwise. A 5xx to
     * {@code MAIL FROM} is the same kind: the server refuses the configured sender, for every message alike.
     */
    private static final Set<Integer> SESSION_REPLIES = Set.of(530, 534, 535, 538);

    private SmtpFailure() {}

    public static SendOutcome classify(Exception failure) {
        if (failure instanceof AddressException) {
            return new PermanentFailure(reason("invalid address", failure));
        }
        if (failure instanceof AuthenticationFailedException) {
            return new TemporaryFailure(reason("the SMTP server refused the credentials", failure));
        }
        Option<Reply> reply = reply(failure);
        if (reply.isDefined()) {
            Reply r = reply.get();
            boolean permanent = r.code() >= 500 && r.code() < 600 && !SESSION_REPLIES.contains(r.code()) && !r.toSender();
            String text = reason("SMTP " + r.code(), r.exception());
            return permanent ? new PermanentFailure(text) : new TemporaryFailure(text);
        }
        if (failure instanceof SendFailedException sent && sent.getInvalidAddresses() != null
                && sent.getInvalidAddresses().length > 0) {
            return new PermanentFailure(reason("invalid recipient", failure));
        }
        return new TemporaryFailure(reason("SMTP unavailable", failure));
    }

    /** The first SMTP reply code in the chain Jakarta Mail builds (a send failure wraps one per address). */
    private static Option<Reply> reply(Throwable failure) {
        var sender = refusedSender(failure);
        if (sender.isDefined()) {
            return sender;
        }
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 16; depth++) {
            switch (current) {
                case SMTPAddressFailedException e -> {
                    return Option.some(new Reply(e.getReturnCode(), e, false));
                }
                case SMTPSendFailedException e when e.getReturnCode() > 0 -> {
                    return Option.some(new Reply(e.getReturnCode(), e, false));
                }
                default -> { }
            }
            current = current instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : current.getCause();
        }
        return Option.none();
    }

    /** A refused {@code MAIL FROM} comes wrapped in a send failure that carries the same code: it decides. */
    private static Option<Reply> refusedSender(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current instanceof SMTPSenderFailedException e) {
                return Option.some(new Reply(e.getReturnCode(), e, true));
            }
            current = current instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : current.getCause();
        }
        return Option.none();
    }

    static String reason(String what, Throwable failure) {
        StringBuilder text = new StringBuilder(what);
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 4; depth++) {
            if (current.getMessage() != null && !current.getMessage().isBlank()) {
                text.append(": ").append(current.getMessage());
            } else {
                text.append(": ").append(current.getClass().getSimpleName());
            }
            current = current instanceof MessagingException m && m.getNextException() != null
                    ? m.getNextException() : current.getCause();
        }
        String single = HeaderText.singleLine(text.toString());
        return single.length() <= MAX_REASON_LENGTH ? single : Text.clip(single, MAX_REASON_LENGTH - 1) + "…";
    }

    /** {@code toSender}: the reply refused {@code MAIL FROM}, the configured sender rather than this message. */
    private record Reply(int code, Exception exception, boolean toSender) {}
}
