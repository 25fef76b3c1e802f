package dev.grantor.application.port.in;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Whom a per-address limit counts as one client. An IPv4 address is one client. An IPv6 address is not: a host is
 * routed a whole /64 (a cloud server, a home line) and may send every request from a fresh address in it, so a limit
 * per IPv6 address would hold nobody back; every address of one /64 is counted as one client. Used by every
 * per-address limit: the API's (license checks, failed API-key logins) and the portal's (code requests, code tries).
 */
public final class ClientNetwork {

    private static final int IPV6_PREFIX_BYTES = 8;
    private static final int IPV4_BYTES = 4;

    /**
     * One number of an IPv4 address as a proxy, a peer or a URL writes it: 0 to 255, decimal, no leading zero (the
     * resolver's octal and hex forms are not addresses here). A regular expression's part, without groups, for the
     * grammars that read an address: the trusted proxies' and the webhook targets'.
     */
    public static final String IPV4_NUMBER = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /** An IPv4 address as four such numbers, as a regular expression's part without groups. */
    public static final String IPV4 = IPV4_NUMBER + "(?:\\." + IPV4_NUMBER + "){3}";

    private ClientNetwork() {}

    /**
     * The limit's key for a request from {@code address} (as a server names its peer: {@code 203.0.113.7},
     * {@code [2001:db8:0:0:0:0:0:7]} or without the brackets): the IPv4 address itself, an IPv4-mapped IPv6 address as
     * its IPv4 address, any other IPv6 address as its /64 ({@code 2001:db8:0:0:0:0:0:0/64}). Anything else is its own key.
     */
    public static String of(String address) {
        return network(address, IPV4_BYTES, IPV6_PREFIX_BYTES);
    }

    private static final int IPV6_SITE_BYTES = 6;
    private static final int IPV4_SITE_BYTES = 3;
    private static final Pattern IPV4_LITERAL = Pattern.compile(IPV4);

    /**
     * The site {@code address} is in, for a share of something every client draws on (the sign-in work queued after the
     * answer): an IPv4 address's /24, an IPv6 address's /48 ({@code 2001:db8:1:0:0:0:0:0/48}), an IPv4-mapped address's
     * /24. Wider than {@link #of}: a limit per client holds each /64 to a few requests a minute, but a site routed a /48
     * has 65,536 of them, and one host can send from them all. Asked by sign-in requests only, which those limits
     * keep to a few a minute per client.
     */
    public static String site(String address) {
        return network(address, IPV4_SITE_BYTES, IPV6_SITE_BYTES);
    }

    /**
     * The network of {@code address} that keeps its first {@code ipv4Bytes} (an IPv4 or IPv4-mapped address) or {@code
     * ipv6Bytes} (any other IPv6 address), written with its prefix length unless it is the whole IPv4 address. Anything
     * that is not an address is its own network; no text ever goes to a resolver.
     */
    private static String network(String address, int ipv4Bytes, int ipv6Bytes) {
        if (address == null) {
            return "";
        }
        boolean v6 = address.indexOf(':') >= 0;
        if (!v6 && (ipv4Bytes == IPV4_BYTES || !IPV4_LITERAL.matcher(address).matches())) {
            return address;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        try {
            // an IPv4 literal matched IPV4 above, and in brackets the JDK reads the text as an IPv6 literal or refuses
            // it: it never asks a resolver
            InetAddress parsed = InetAddress.getByName(v6 ? "[" + bare + "]" : bare);
            int bytes = parsed instanceof Inet4Address ? ipv4Bytes : ipv6Bytes;
            byte[] network = parsed.getAddress();
            Arrays.fill(network, bytes, network.length, (byte) 0);
            String written = InetAddress.getByAddress(network).getHostAddress();
            return bytes == IPV4_BYTES && parsed instanceof Inet4Address ? written : written + "/" + bytes * Byte.SIZE;
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return address;
        }
    }
}
