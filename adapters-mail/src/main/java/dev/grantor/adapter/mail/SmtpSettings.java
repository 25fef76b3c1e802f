package dev.grantor.adapter.mail;

import io.vavr.control.Option;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach the SMTP server. Every connection attempt, read and write is bounded, so a hung server costs
 * one relay batch a timeout, never a stuck relay. With TLS (either mode) the server's certificate is checked
 * against the JVM's trust store, or against {@code tls} when the server uses a private CA, and its name
 * against {@code host}.
 */
public record SmtpSettings(String host, int port, Security security, Option<Credentials> credentials,
                           Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
                           Option<SSLSocketFactory> tls) {

    public enum Security {
        /** Plain text: only for a relay on the same host or a test server. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required: no silent fallback to plain text. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    public record Credentials(String username, String password) {
        public Credentials {
            if (username == null || username.isEmpty() || password == null) {
                throw new IllegalArgumentException("credentials need a user name and a password");
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(30);

    public SmtpSettings {
        if (host == null || host.isBlank() || HeaderText.hasLineBreakOrControl(host) || port < 1 || port > 65_535
                || security == null || credentials == null || tls == null) {
            throw new IllegalArgumentException("SMTP settings need a host, a port in 1..65535 and a security mode");
        }
        requirePositive(connectTimeout);
        requirePositive(readTimeout);
        requirePositive(writeTimeout);
    }

    /** No authentication, default timeouts. */
    public static SmtpSettings of(String host, int port, Security security) {
        return new SmtpSettings(host, port, security, Option.none(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT,
                DEFAULT_IO_TIMEOUT, Option.none());
    }

    public SmtpSettings withCredentials(String username, String password) {
        return new SmtpSettings(host, port, security, Option.some(new Credentials(username, password)), connectTimeout,
                readTimeout, writeTimeout, tls);
    }

    public SmtpSettings withTimeouts(Duration connect, Duration read, Duration write) {
        return new SmtpSettings(host, port, security, credentials, connect, read, write, tls);
    }

    /** Sockets that trust a private CA; the server name is still checked. */
    public SmtpSettings withTls(SSLSocketFactory sockets) {
        return new SmtpSettings(host, port, security, credentials, connectTimeout, readTimeout, writeTimeout,
                Option.some(sockets));
    }

    /** The Jakarta Mail session properties (protocol {@code smtp}; TLS is a property, not another protocol). */
    Properties sessionProperties() {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", host);
        p.setProperty("mail.smtp.port", Integer.toString(port));
        p.setProperty("mail.smtp.connectiontimeout", millis(connectTimeout));
        p.setProperty("mail.smtp.timeout", millis(readTimeout));
        p.setProperty("mail.smtp.writetimeout", millis(writeTimeout));
        p.setProperty("mail.smtp.auth", Boolean.toString(credentials.isDefined()));
        p.setProperty("mail.mime.charset", "UTF-8");
        switch (security) {
            case NONE -> { }
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        // Jakarta Mail takes the factory object itself for both TLS modes; it must not be a string property
        tls.filter(sockets -> security != Security.NONE).forEach(sockets -> p.put("mail.smtp.ssl.socketFactory", sockets));
        return p;
    }

    private static String millis(Duration d) {
        return Long.toString(Math.min(d.toMillis(), Integer.MAX_VALUE));
    }

    private static void requirePositive(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("SMTP timeouts must be positive");
        }
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", " + security + credentials.map(c -> ", user " + c.username()).getOrElse("")
                + "]";
    }
}
