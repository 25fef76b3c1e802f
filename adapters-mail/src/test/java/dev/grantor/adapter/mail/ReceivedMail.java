package dev.grantor.adapter.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A received message read the way a mail client reads it: from its bytes, parts decoded. */
record ReceivedMail(MimeMessage message, String contentType, String text, String html, byte[] raw) {

    static ReceivedMail of(MimeMessage received) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        received.writeTo(bytes);
        return parse(bytes.toByteArray());
    }

    static ReceivedMail parse(byte[] raw) throws MessagingException, IOException {
        return parse(new ByteArrayInputStream(raw), raw);
    }

    private static ReceivedMail parse(InputStream in, byte[] raw) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
        if (message.isMimeType("text/plain")) {
            return new ReceivedMail(message, message.getContentType(), (String) message.getContent(), null, raw);
        }
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        return new ReceivedMail(message, message.getContentType(), text, html, raw);
    }

    String header(String name) throws MessagingException {
        return message.getHeader(name, ",");
    }

    int recipientCount() throws MessagingException {
        return message.getAllRecipients() == null ? 0 : message.getAllRecipients().length;
    }

    String to() throws MessagingException {
        return ((jakarta.mail.internet.InternetAddress) message.getRecipients(RecipientType.TO)[0]).toUnicodeString();
    }
}
