package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.Email;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure's reason as the mailers log it. Mail servers quote the recipient in their replies ({@code 550 5.1.1
 * <ada@example.com>: Recipient address rejected}), and so do address parse errors, while logs carry no email address
 * (operations.md): the address goes, in any letter case, as the email's secret does. The reason returned to the relay
 * keeps the address, for the operator reading a parked message.
 */
final class LoggedReason {

    static final String ADDRESS_MASK = "[customer address]";

    private LoggedReason() {}

    static String of(Email email, String reason) {
        String masked = email.masked(reason == null ? "" : reason);
        return Pattern.compile(Pattern.quote(email.to().value()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(masked).replaceAll(Matcher.quoteReplacement(ADDRESS_MASK));
    }
}
