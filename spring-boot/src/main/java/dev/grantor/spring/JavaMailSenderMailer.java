package dev.grantor.spring;

import dev.grantor.adapter.mail.MailMessage;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpFailure;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.SendOutcome;
import io.vavr.collection.List;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.InstantSource;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Delivery emails through the application's {@link JavaMailSender}, so Grantor's mail uses the SMTP server, the
 * credentials and the TLS settings the application already configured ({@code spring.mail.*}). The message is
 * the same as the standalone service's (same headers, same stable {@code Message-ID}); failures are classified
 * the same way: a 5xx reply about the message parks it, anything else is tried again later.
 */
final class JavaMailSenderMailer implements Mailer {

    private final JavaMailSender mailSender;
    private final Sender sender;
    private final InstantSource clock;
    private final MailMetrics metrics;

    JavaMailSenderMailer(JavaMailSender mailSender, Sender sender, InstantSource clock, MailMetrics metrics) {
        this.mailSender = mailSender;
        this.sender = sender;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * On the application's mail sender when it has one, or its {@code @Primary} one; several without one fail. The
     * {@code sender} is asked for only once there is a mail sender: without one, its absence is no fault.
     */
    static io.vavr.control.Option<Mailer> ofUniqueSender(org.springframework.beans.factory.BeanFactory beans,
                                                         java.util.function.Supplier<Sender> sender, InstantSource clock,
                                                         MailMetrics metrics) {
        return io.vavr.control.Option.of(beans.getBeanProvider(JavaMailSender.class).getIfAvailable())
                .map(mailSender -> new JavaMailSenderMailer(mailSender, sender.get(), clock, metrics));
    }

    @Override
    public List<SendOutcome> send(List<? extends Email> emails) {
        if (emails.isEmpty()) {
            return List.empty();
        }
        var session = mailSender.createMimeMessage().getSession();
        var prepared = emails.map(email -> prepare(MailMessage.of(email, sender), session));
        var messages = prepared.filter(p -> p.message() != null).map(Prepared::message);
        Map<Object, Exception> failed = Map.of();
        try {
            metrics.connectionOpened();
            mailSender.send(messages.toJavaArray(MimeMessage[]::new));
        } catch (MailSendException partly) {
            failed = partly.getFailedMessages();
            if (failed.isEmpty()) {
                // nothing is known per message (the connection itself failed): every message waits for another try
                return prepared.map(p -> p.outcome() != null ? p.outcome() : deferred(partly));
            }
        } catch (MailException unavailable) {
            return prepared.map(p -> p.outcome() != null ? p.outcome() : deferred(unavailable));
        }
        Map<Object, Exception> failures = failed;
        return prepared.map(p -> {
            if (p.outcome() != null) {
                return p.outcome();
            }
            Exception failure = failures.get(p.message());
            if (failure == null) {
                metrics.accepted();
                return SendOutcome.SENT;
            }
            return counted(SmtpFailure.classify(failure));
        });
    }

    private record Prepared(MimeMessage message, SendOutcome outcome) {}

    private Prepared prepare(MailMessage message, jakarta.mail.Session session) {
        try {
            return new Prepared(message.toMimeMessage(session, clock.instant()), null);
        } catch (MessagingException invalid) {
            return new Prepared(null, counted(SmtpFailure.classify(invalid)));
        }
    }

    private SendOutcome deferred(Exception failure) {
        Exception cause = failure.getCause() instanceof Exception inner ? inner : failure;
        return counted(SmtpFailure.classify(cause));
    }

    private SendOutcome counted(SendOutcome outcome) {
        switch (outcome) {
            case SendOutcome.PermanentFailure permanent -> metrics.rejected();
            case SendOutcome.TemporaryFailure temporary -> metrics.deferred();
            case SendOutcome.Sent sent -> metrics.accepted();
        }
        return outcome;
    }
}
