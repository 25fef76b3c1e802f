package dev.grantor.bootstrap;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import io.vavr.control.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where delivery emails go: an SMTP server when a host is given, else the pickup directory in the data dir. */
public final class MailOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @picocli.CommandLine.Option(names = "--smtp-host", paramLabel = "HOST",
            description = "SMTP server (GRANTOR_SMTP_HOST; default: none, emails are written to <data-dir>/mail as .eml files).")
    String host;

    @picocli.CommandLine.Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "25",
            description = "SMTP port (GRANTOR_SMTP_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @picocli.CommandLine.Option(names = "--smtp-user", paramLabel = "USER", description = "SMTP user name (GRANTOR_SMTP_USER).")
    String user;

    @picocli.CommandLine.Option(names = "--smtp-password", paramLabel = "PASSWORD",
            description = "SMTP password (GRANTOR_SMTP_PASSWORD; prefer the environment: arguments show in ps).")
    String password;

    @picocli.CommandLine.Option(names = "--smtp-tls", paramLabel = "MODE", arity = "0..1", defaultValue = "none",
            fallbackValue = "starttls",
            description = "none, starttls (required, no fallback; the mode of a bare --smtp-tls) or tls (SMTPS) "
                    + "(GRANTOR_SMTP_TLS, default ${DEFAULT-VALUE}).")
    String tls;

    @picocli.CommandLine.Option(names = "--mail-from", paramLabel = "ADDRESS",
            description = "Sender of delivery emails (GRANTOR_MAIL_FROM), e.g. 'Acme <licenses@acme.example>'; required with"
                    + " --smtp-host. Emails in the pickup directory are from '" + EMBEDDED_SENDER + "' without it.")
    String from;

    /** The sender of the embedded defaults only: mail that leaves the machine must come from the merchant's domain. */
    static final String EMBEDDED_SENDER = "Grantor <no-reply@localhost>";

    public MailSettings settings() {
        boolean relayed = host != null && !host.isBlank();
        if (relayed && from == null) {
            throw new ParameterException(command.commandLine(), "--smtp-host needs --mail-from (GRANTOR_MAIL_FROM): the"
                    + " sender customers see on their delivery emails, an address of your domain such as"
                    + " 'Acme <licenses@acme.example>'");
        }
        Sender sender = Sender.parse(from == null ? EMBEDDED_SENDER : from).getOrElseThrow(problem ->
                new ParameterException(command.commandLine(), "--mail-from: " + problem));
        if (!relayed) {
            if (user != null || password != null) {
                throw new ParameterException(command.commandLine(), "--smtp-user and --smtp-password need --smtp-host");
            }
            if (security() != Security.NONE) {
                throw new ParameterException(command.commandLine(), "--smtp-tls needs --smtp-host: without one, emails go to the pickup directory");
            }
            return new MailSettings(Option.none(), sender);
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(command.commandLine(), "--smtp-port must be in 1..65535");
        }
        if ((user == null) != (password == null)) {
            throw new ParameterException(command.commandLine(), "--smtp-user and --smtp-password go together");
        }
        SmtpSettings smtp;
        try {
            smtp = SmtpSettings.of(host.strip(), port, security());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--smtp-host: not a host name");
        }
        return new MailSettings(Option.some(user == null ? smtp : smtp.withCredentials(user, password)), sender);
    }

    private Security security() {
        return switch (tls.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "none", "false", "off", "no" -> Security.NONE;
            case "starttls", "true", "on", "yes" -> Security.STARTTLS;
            case "tls", "ssl", "smtps" -> Security.TLS;
            default -> throw new ParameterException(command.commandLine(), "--smtp-tls must be none, starttls or tls");
        };
    }
}
