package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.collection.List;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;

/**
 * Sends delivery emails over SMTP. One connection carries a whole batch; a message the server rejects does
 * not cost the connection, a broken connection is opened again once for the rest of the batch, and a server
 * that cannot be reached at all defers every remaining message rather than trying each in turn.
 */
public final class SmtpMailer implements Mailer {

    private static final Logger LOG = System.getLogger(SmtpMailer.class.getName());

    private final SmtpSettings settings;
    private final Sender sender;
    private final InstantSource clock;
    private final MailMetrics metrics;
    private final Session session;

    public SmtpMailer(SmtpSettings settings, Sender sender, InstantSource clock, MailMetrics metrics) {
        if (settings == null || sender == null || clock == null || metrics == null) {
            throw new IllegalArgumentException("an SMTP mailer needs settings, a sender, a clock and metrics");
        }
        this.settings = settings;
        this.sender = sender;
        this.clock = clock;
        this.metrics = metrics;
        this.session = Session.getInstance(settings.sessionProperties());
        StreamProviderChoice.settle();
    }

    @Override
    public List<SendOutcome> send(List<? extends Email> emails) {
        java.util.List<SendOutcome> outcomes = new ArrayList<>(emails.size());
        Transport transport = null;
        boolean reconnected = false;
        try {
            for (Email email : emails) {
                if (transport == null) {
                    try {
                        transport = connect();
                    } catch (MessagingException | RuntimeException e) {
                        SendOutcome unreachable = new TemporaryFailure(
                                SmtpFailure.reason("cannot connect to " + settings.host() + ":" + settings.port(), e));
                        // the rest of the batch would knock on the same closed door, each paying the timeout
                        for (Email rest : emails.drop(outcomes.size())) {
                            outcomes.add(record(rest, unreachable));
                        }
                        break;
                    }
                }
                outcomes.add(record(email, sendOne(transport, email)));
                if (!(outcomes.getLast() instanceof SendOutcome.Sent) && !usable(transport)) {
                    close(transport);
                    transport = null;
                    if (reconnected) {
                        // a connection that breaks twice in one batch is not coming back soon
                        for (Email rest : emails.drop(outcomes.size())) {
                            outcomes.add(record(rest, new TemporaryFailure("SMTP connection lost twice in one batch")));
                        }
                        break;
                    }
                    reconnected = true;
                }
            }
        } finally {
            close(transport);
        }
        return List.ofAll(outcomes);
    }

    private SendOutcome sendOne(Transport transport, Email email) {
        MailMessage message = MailMessage.of(email, sender);
        MimeMessage mime;
        Address[] envelope;
        try {
            mime = message.toMimeMessage(session, clock.instant());
            envelope = new Address[] {message.recipient()};
        } catch (MessagingException | RuntimeException e) {
            return new PermanentFailure(SmtpFailure.reason("the message cannot be built", e));
        }
        try {
            // the envelope names the customer alone, whatever any header might claim
            transport.sendMessage(mime, envelope);
            return SendOutcome.SENT;
        } catch (MessagingException e) {
            return SmtpFailure.classify(e);
        } catch (RuntimeException e) {
            return new TemporaryFailure(SmtpFailure.reason("SMTP client failure", e));
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect(settings.host(), settings.port(),
                settings.credentials().map(SmtpSettings.Credentials::username).getOrNull(),
                settings.credentials().map(SmtpSettings.Credentials::password).getOrNull());
        metrics.connectionOpened();
        return transport;
    }

    /** Asked only after a failure: the check costs a round trip (NOOP). */
    private static boolean usable(Transport transport) {
        try {
            return transport.isConnected();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private SendOutcome record(Email email, SendOutcome outcome) {
        String described = MailMessage.of(email, sender).description();
        switch (outcome) {
            case SendOutcome.Sent s -> {
                metrics.accepted();
                LOG.log(Level.INFO, "{0} accepted by {1}", described, settings.host());
            }
            case TemporaryFailure f -> {
                metrics.deferred();
                LOG.log(Level.WARNING, "{0} deferred: {1}", described, LoggedReason.of(email, f.reason()));
            }
            case PermanentFailure f -> {
                metrics.rejected();
                LOG.log(Level.WARNING, "{0} rejected: {1}", described, LoggedReason.of(email, f.reason()));
            }
        }
        return outcome;
    }

    private static void close(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing the SMTP connection failed: {0}", e.getMessage());
        }
    }
}
