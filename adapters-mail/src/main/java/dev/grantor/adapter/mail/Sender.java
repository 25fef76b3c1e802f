package dev.grantor.adapter.mail;

import io.vavr.control.Either;
import io.vavr.control.Option;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

/**
 * Who the delivery email comes from ({@code GRANTOR_MAIL_FROM}, e.g. {@code Grantor <no-reply@localhost>}).
 * Its domain also names the {@code Message-ID}s, so ids stay unique per deployment.
 */
public record Sender(String address, Option<String> personal) {

    public static final Sender EMBEDDED_DEFAULT = new Sender("no-reply@localhost", Option.some("Grantor"));

    public Sender {
        if (address == null || personal == null || address.indexOf('@') <= 0 || address.endsWith("@")
                || HeaderText.hasLineBreakOrControl(address)) {
            throw new IllegalArgumentException("not a sender address");
        }
        personal.forEach(p -> {
            if (HeaderText.hasLineBreakOrControl(p)) {
                throw new IllegalArgumentException("a sender name cannot hold control characters");
            }
        });
    }

    /** Parses the configured form, {@code Name <address>} or a bare address, strictly (RFC 822 syntax). */
    public static Either<String, Sender> parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return Either.left("the sender address is required");
        }
        if (HeaderText.hasLineBreakOrControl(configured)) {
            // the parser stops at a line break and would accept the first line, hiding what followed
            return Either.left("the sender address must be one line without control characters");
        }
        try {
            InternetAddress parsed = new InternetAddress(configured.strip(), true);
            parsed.validate();
            Option<String> personal = Option.of(parsed.getPersonal()).map(String::strip).filter(p -> !p.isEmpty());
            return Either.right(new Sender(parsed.getAddress(), personal));
        } catch (AddressException | IllegalArgumentException e) {
            return Either.left("not a sender address: " + HeaderText.singleLine(configured));
        }
    }

    public String domain() {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    InternetAddress toInternetAddress() {
        try {
            return personal.isDefined()
                    ? new InternetAddress(address, personal.get(), StandardCharsets.UTF_8.name())
                    : new InternetAddress(address);
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException("the sender was checked on construction", e);
        }
    }

    @Override
    public String toString() {
        return personal.map(p -> p + " <" + address + ">").getOrElse(address);
    }
}
