package dev.grantor.bootstrap;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import io.vavr.control.Option;
import java.nio.file.Path;

/** The SMTP server, if there is one (else the pickup directory), and who the delivery emails come from. */
public record MailSettings(Option<SmtpSettings> smtp, Sender sender) {

    public static final String PICKUP_DIRECTORY = "mail";

    public MailSettings {
        if (smtp == null || sender == null) {
            throw new IllegalArgumentException("mail settings need a sender; no SMTP server is Option.none()");
        }
    }

    public static MailSettings pickupDirectory() {
        return new MailSettings(Option.none(), Sender.EMBEDDED_DEFAULT);
    }

    public Path pickupDirectory(Path dataDir) {
        return dataDir.resolve(PICKUP_DIRECTORY);
    }
}
