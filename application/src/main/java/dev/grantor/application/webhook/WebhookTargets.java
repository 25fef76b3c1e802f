package dev.grantor.application.webhook;

import dev.grantor.application.port.in.ClientNetwork;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses a webhook may be sent to. A merchant chooses the URL, so without this rule a merchant could make
 * the service call into the network it runs in (its database, the cloud's metadata service, an admin port on
 * loopback) and read what is listening from the delivery log. Only public unicast addresses are targets, unless the
 * operator allows private ones for on-premise receivers and tests.
 *
 * <p>The same rule runs twice: on the URL's host when an endpoint is registered (literals and well-known names, since
 * resolving names there would make registration depend on DNS), and on the address a sender actually connects to,
 * after resolution, on every attempt (a name may resolve differently tomorrow, or from one query to the next).
 */
public final class WebhookTargets {

    /** Names that always mean this machine or the cloud's metadata service, whatever DNS says. */
    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /**
     * Every way {@code inet_aton} reads an IPv4 address: one to four parts, each decimal, octal (leading 0) or hex
     * ({@code 0x}). Resolvers accept {@code 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} as 127.0.0.1.
     */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile(ClientNetwork.IPV4);

    private WebhookTargets() {}

    /** What registration makes of a URL's host. */
    public enum HostForm {
        /** A name to be resolved when sending, or a literal address that is public. */
        PUBLIC,
        /** Loopback, private, link-local, unique-local, multicast, unspecified, reserved, or a metadata name. */
        NOT_PUBLIC,
        /** An IPv4 address in any form but four decimal numbers: only ever written to slip past a filter. */
        OBSCURED
    }

    /** Classifies a URL's host (as {@code URI.getHost()} answers it, brackets and all) without resolving it. */
    public static HostForm host(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            return literal(h.substring(1, h.length() - 1));
        }
        if (DOTTED_QUAD.matcher(h).matches()) {
            return literal(h);
        }
        if (NUMERIC_HOST.matcher(h).matches()) {
            return HostForm.OBSCURED;
        }
        if (INTERNAL_NAMES.contains(h) || h.endsWith(".localhost")) {
            return HostForm.NOT_PUBLIC;
        }
        return HostForm.PUBLIC;
    }

    private static HostForm literal(String text) {
        try {
            // a literal: getByName parses it without asking DNS
            return isPublic(InetAddress.getByName(text)) ? HostForm.PUBLIC : HostForm.NOT_PUBLIC;
        } catch (UnknownHostException | SecurityException malformed) {
            return HostForm.NOT_PUBLIC;
        }
    }

    /** True for a public unicast address: one a webhook may go to when private targets are not allowed. */
    public static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b, 0);
        }
        if (!(address instanceof Inet6Address)) {
            return false;
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isPublicV4(b, 12);                           // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (zero(b, 0, 12)) {
            return false;                                       // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b) {
            return zero(b, 4, 12) && isPublicV4(b, 12);          // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
        }
        if (first == 0x2002) {
            return isPublicV4(b, 2);                            // 6to4 embeds the IPv4 address it tunnels to
        }
        if (first == 0x2001 && (second == 0x0000 || second == 0x0db8)) {
            return false;                                       // Teredo tunnels, documentation
        }
        // global unicast is 2000::/3; the rest is link-local, unique-local, site-local, multicast or unassigned
        return (b[0] & 0xe0) == 0x20;
    }

    private static boolean isPublicV4(byte[] b, int at) {
        int a = b[at] & 0xff;
        int c = b[at + 1] & 0xff;
        int d = b[at + 2] & 0xff;
        return !(a == 0                                          // "this network", 0.0.0.0
                || a == 10                                       // private
                || a == 100 && (c & 0xc0) == 64                  // carrier-grade NAT, Alibaba's metadata 100.100.100.200
                || a == 127                                      // loopback
                || a == 169 && c == 254                          // link-local, the cloud metadata 169.254.169.254
                || a == 172 && (c & 0xf0) == 16                  // private
                || a == 192 && c == 0 && (d == 0 || d == 2)      // IETF assignments (Oracle's metadata), documentation
                || a == 192 && c == 88 && d == 99                // 6to4 relays
                || a == 192 && c == 168                          // private
                || a == 198 && (c & 0xfe) == 18                  // benchmarking
                || a == 198 && c == 51 && d == 100               // documentation
                || a == 203 && c == 0 && d == 113                // documentation
                || a >= 224);                                    // multicast, reserved, broadcast
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
