package dev.grantor.application.view;

import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Email addresses as a person reads them on a page. One holding a character outside printable ASCII can pass for
 * another ("аlice@example.com" with a Cyrillic "а" for "alice@example.com"), so an audit entry of a change between the
 * two would read as no change. Such addresses are accepted, as the contract allows them; a page shows beside one a
 * note spelling each such character out by its code point, which tells the two apart to the eye and to a screen
 * reader alike.
 */
public final class LookalikeAddresses {

    private LookalikeAddresses() {}

    /** Whether {@code address} holds a character outside printable ASCII. */
    public static boolean prone(String address) {
        return address.codePoints().anyMatch(c -> c < 0x21 || c > 0x7e);
    }

    /** {@code address} with each character outside printable ASCII written as its code point: "[U+0430]lice@example.com". */
    public static String spelledOut(String address) {
        var out = new StringBuilder();
        address.codePoints().forEach(c -> {
            if (c < 0x21 || c > 0x7e) {
                out.append(String.format("[U+%04X]", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /**
     * The note for a text that is, or holds, email addresses (an address; "email a → b"; "ada@example.com (Ada)"):
     * its addresses that are {@link #prone}, spelled out, or none when it has no such address. An address is a word
     * with an {@code @} in it, so a name or an arrow beside one is never taken for one.
     */
    public static Option<String> note(String text) {
        var prone = List.of(text.split("[\\s(),]+")).filter(word -> word.contains("@") && prone(word));
        return prone.isEmpty() ? Option.none()
                : Option.some("contains characters outside plain ASCII: " + prone.map(LookalikeAddresses::spelledOut).mkString(", "));
    }
}
