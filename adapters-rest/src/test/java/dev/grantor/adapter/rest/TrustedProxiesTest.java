package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.instancio.Instancio;
import org.instancio.Select;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress address(String literal) {
        return TrustedProxies.literal(literal).getOrElseThrow(() -> new AssertionError("not a literal: " + literal));
    }

    /** An address and a prefix length that fits it. */
    private record Generated(byte[] bytes, int prefix) {}

    /** Random IPv4 and IPv6 addresses, each with a random prefix length. */
    private static List<Generated> generated(long seed) {
        return Instancio.ofList(Generated.class).size(4000).withSeed(seed)
                .supply(Select.all(Generated.class), random -> {
                    byte[] bytes = new byte[random.trueOrFalse() ? 4 : 16];
                    for (int b = 0; b < bytes.length; b++) {
                        bytes[b] = (byte) random.intRange(0, 255);
                    }
                    return new Generated(bytes, random.intRange(0, bytes.length * 8));
                })
                .create();
    }

    private static byte[] flipped(byte[] bytes, int bit) {
        byte[] out = bytes.clone();
        out[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return out;
    }

    @Nested
    class A_block {

        @Test
        void holds_exactly_the_addresses_that_share_its_prefix_in_its_own_family() {
            for (var generated : generated(1918L)) {
                byte[] bytes = generated.bytes();
                int prefix = generated.prefix();
                byte[] network = bytes.clone();
                for (int bit = prefix; bit < bytes.length * 8; bit++) {
                    network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
                }
                String written = address(network).getHostAddress() + "/" + prefix;
                var proxies = TrustedProxies.parse(written);

                assertThat(proxies.trusts(address(bytes))).as(written + " holds " + address(bytes)).isTrue();
                for (int bit = 0; bit < bytes.length * 8; bit++) {
                    assertThat(proxies.trusts(address(flipped(bytes, bit)))).as(written + " with bit " + bit + " flipped")
                            .isEqualTo(bit >= prefix);
                }
                assertThat(proxies.trusts(address(new byte[bytes.length == 4 ? 16 : 4]))).as("the other family").isFalse();
                String unmasked = address(bytes).getHostAddress() + "/" + prefix;
                if (!Arrays.equals(network, bytes)) {
                    assertThatThrownBy(() -> TrustedProxies.parse(unmasked)).as(unmasked)
                            .hasMessageContaining("bits set past its /" + prefix);
                }
            }
        }

        @Test
        void with_bits_set_past_its_prefix_is_refused_with_the_block_it_may_have_meant() {
            assertThatThrownBy(() -> TrustedProxies.parse("10.1.2.3/8")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'10.1.2.3/8' has bits set past its /8; the block is 10.0.0.0/8");
            assertThatThrownBy(() -> TrustedProxies.parse("2001:db8::1/64"))
                    .hasMessage("'2001:db8::1/64' has bits set past its /64; the block is 2001:db8:0:0:0:0:0:0/64");
        }
    }

    @Nested
    class Parsing_the_setting {

        @Test
        void takes_addresses_and_blocks_of_both_families_and_skips_blank_entries() {
            var proxies = TrustedProxies.parse(" 10.0.0.0/8, 127.0.0.1 ,, ::1, 2001:db8::/32,");

            assertThat(proxies.blocks().map(Object::toString)).containsExactly("10.0.0.0/8", "127.0.0.1/32",
                    "0:0:0:0:0:0:0:1/128", "2001:db8:0:0:0:0:0:0/32");
            assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
            assertThat(TrustedProxies.parse(" , ")).isEqualTo(TrustedProxies.none());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "10.0.0/8           | '10.0.0/8' is not an IP address or CIDR block",
            "localhost          | 'localhost' is not an IP address or CIDR block",
            "proxy.internal/24  | 'proxy.internal/24' is not an IP address or CIDR block",
            "010.0.0.1          | '010.0.0.1' is not an IP address or CIDR block",
            "256.0.0.1          | '256.0.0.1' is not an IP address or CIDR block",
            "[::1]              | '[::1]' is not an IP address or CIDR block",
            "fe80::1%eth0       | 'fe80::1%eth0' is not an IP address or CIDR block",
            "10.0.0.0/33        | '10.0.0.0/33' needs a prefix length of 0..32",
            "::/129             | '::/129' needs a prefix length of 0..128",
            "10.0.0.0/08        | '10.0.0.0/08' needs a prefix length of 0..32",
            "10.0.0.0/          | '10.0.0.0/' needs a prefix length of 0..32",
            "10.0.0.0/-1        | '10.0.0.0/-1' needs a prefix length of 0..32",
        })
        void refuses_a_malformed_entry_naming_it(String entry, String message) {
            assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1," + entry)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(message);
        }
    }

    @Nested
    class A_literal {

        @Test
        void is_read_back_as_the_address_it_writes() {
            for (var generated : generated(1981L)) {
                var written = address(generated.bytes());

                assertThat(TrustedProxies.literal(written.getHostAddress())).contains(written);
            }
            assertThat(TrustedProxies.literal("2001:DB8::7")).contains(address("2001:db8:0:0:0:0:0:7"));
            assertThat(TrustedProxies.literal("::ffff:10.0.0.1")).as("IPv4 carried in IPv6, as the JDK reports such a peer")
                    .contains(address("10.0.0.1"));
        }

        @Test
        void is_never_a_name_a_port_or_anything_else_generated() {
            var gen = Instancio.gen().withSetting(Keys.SEED, 4711L);
            var texts = new ArrayList<String>(gen.string().unicode().minLength(0).maxLength(60).list(2000));
            texts.addAll(gen.string().alphaNumeric().minLength(0).maxLength(20).list(2000));
            texts.addAll(Arrays.asList("", " ", " 10.0.0.1", "10.0.0.1 ", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4:80",
                    "[::1]", "[::1]:80", "fe80::1%eth0", "::g", ".:", "1::2::3", "unknown", "_hidden", "localhost",
                    "example.com", "0x7f.0.0.1", "2130706433", "\u0661.\u0662.\u0663.\u0664", "1.2.3.4\u0000",
                    "1".repeat(100_000)));

            for (String text : texts) {
                assertThat(TrustedProxies.literal(text)).as("'%s'", text).isEmpty();
            }
        }
    }

    /** What some proxies write (Azure and IIS add the client's port; IPv6 then goes in brackets). */
    @Nested
    class A_forwarded_entry {

        @Test
        void with_a_port_or_in_brackets_is_the_address_for_every_generated_address_and_port() {
            var ports = Instancio.gen().withSetting(Keys.SEED, 1996L).ints().range(0, 65_535).list(4000);
            var addresses = generated(2024L);
            for (int i = 0; i < addresses.size(); i++) {
                var written = address(addresses.get(i).bytes());
                String text = written.getHostAddress();
                int port = ports.get(i);
                var forms = written instanceof java.net.Inet4Address
                        ? List.of(text, text + ":" + port)
                        : List.of(text, "[" + text + "]", "[" + text + "]:" + port);
                for (String form : forms) {
                    assertThat(TrustedProxies.forwardedEntry(form)).as(form).contains(written);
                }
            }
        }

        @Test
        void is_still_never_a_name_a_zone_or_a_port_out_of_range() {
            for (String text : List.of("1.2.3.4:65536", "1.2.3.4:", "1.2.3.4:080", "1.2.3.4:-1", "1.2.3.4:80:80", "[::1", "::1]",
                    "[1.2.3.4]", "[1.2.3.4]:80", "[::1]:", "[::1]:65536", "[fe80::1%eth0]", "[localhost]:80", "localhost:80",
                    "example.com:443", "[]", "[]:80", "[[::1]]", "01.2.3.4:80", "unknown:80", " [::1]", "1.2.3.4:8٠")) {
                assertThat(TrustedProxies.forwardedEntry(text)).as("'%s'", text).isEmpty();
            }
            assertThat(TrustedProxies.literal("1.2.3.4:80")).as("a trusted proxy is configured without a port").isEmpty();
        }
    }

    @ParameterizedTest(name = "from {0} with [{1}] the client is {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "198.51.100.1 | 203.0.113.9                      | 198.51.100.1",
        "127.0.0.1    | -                                | 127.0.0.1",
        "127.0.0.1    | 203.0.113.9                      | 203.0.113.9",
        "127.0.0.1    | 203.0.113.9, 198.51.100.7        | 198.51.100.7",
        "127.0.0.1    | 198.51.100.7, 10.0.0.2, 10.0.0.3 | 198.51.100.7",
        "127.0.0.1    | 10.0.0.1, 10.0.0.2               | 10.0.0.1",
        "127.0.0.1    | 203.0.113.9, unknown             | 127.0.0.1",
        "127.0.0.1    | unknown, 203.0.113.9             | 203.0.113.9",
        "127.0.0.1    | 203.0.113.9, unknown, 10.0.0.2   | 10.0.0.2",
        "127.0.0.1    | 203.0.113.9,,10.0.0.2            | 203.0.113.9",
        "127.0.0.1    | ' , 203.0.113.9 , '              | 203.0.113.9",
        "127.0.0.1    | ' , '                            | 127.0.0.1",
        "127.0.0.1    | 10.0.0.2 ; ; 10.0.0.3,           | 10.0.0.2",
        "127.0.0.1    | ''                               | 127.0.0.1",
        "127.0.0.1    | 2001:db8::7                      | 2001:db8::7",
        "::1          | 203.0.113.9 ; 198.51.100.7       | 198.51.100.7",
        "::1          | 198.51.100.7 ; 10.0.0.2          | 198.51.100.7",
        "127.0.0.1    | 203.0.113.9:51234                | 203.0.113.9",
        "127.0.0.1    | [2001:db8::7]:51234, 10.0.0.2:80 | 2001:db8::7",
        "127.0.0.1    | 203.0.113.9:65536                | 127.0.0.1",
    })
    void the_client_is_the_rightmost_untrusted_forwarded_address_of_a_trusted_peer(String peer, String lines, String client) {
        var proxies = TrustedProxies.parse("127.0.0.1, ::1, 10.0.0.0/8");
        List<String> forwardedFor = lines == null ? List.of() : Arrays.stream(lines.split(";", -1)).toList();

        assertThat(proxies.client(address(peer), forwardedFor)).isEqualTo(address(client));
    }

    /**
     * Chains as proxies build them, generated: whatever the client wrote (names, {@code unknown}, obfuscated
     * identifiers, brackets, ports, commas, blank entries, thousands of entries), the address the first proxy appended,
     * with or without a port, then trusted proxies' addresses, with blank entries and spaces anywhere, over one or several
     * header lines. The client is the appended address; when the first proxy appended no address but an identifier, the
     * client is the proxy to its right.
     */
    @Nested
    class A_generated_chain {

        private static final TrustedProxies PROXIES = TrustedProxies.parse("127.0.0.1, ::1, 10.0.0.0/8, 2001:db8:ff::/48");
        private static final List<String> NOT_ADDRESSES = List.of("unknown", "_hidden", "_SEVKISEK", "_abc.def-1", "localhost",
                "proxy.internal", "example.com:443", "1.2.3.4:65536", "1.2.3.4:", "[::1", "[1.2.3.4]", "fe80::1%eth0",
                "01.2.3.4", "2130706433", "[]", "\"203.0.113.9\"", "for=203.0.113.9", "203.0.113.9 198.51.100.1", "\u0000",
                "1".repeat(60));

        private record Chain(List<String> clientWrote, String first, List<String> proxies, List<Integer> blanks,
                             List<String> spaces, int lines) {}

        private static String form(java.util.Random random, InetAddress address) {
            String text = address.getHostAddress();
            int port = random.nextInt(65_536);
            if (address instanceof java.net.Inet4Address) {
                return random.nextBoolean() ? text : text + ":" + port;
            }
            return switch (random.nextInt(3)) {
                case 0 -> text;
                case 1 -> "[" + text + "]";
                default -> "[" + text + "]:" + port;
            };
        }

        private static InetAddress untrusted(java.util.Random random) {
            while (true) {
                byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
                random.nextBytes(bytes);
                var address = address(bytes);
                if (!PROXIES.trusts(address) && !address.isAnyLocalAddress()) {
                    return address;
                }
            }
        }

        private static InetAddress trusted(java.util.Random random) {
            return switch (random.nextInt(3)) {
                case 0 -> address(new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)});
                case 1 -> address("::1");
                default -> address("2001:db8:ff:" + Integer.toHexString(random.nextInt(65_536)) + "::" + Integer.toHexString(random.nextInt(65_536)));
            };
        }

        /** Splits the entries, joined with commas and spaces, into header lines at entry boundaries. */
        private static List<String> lines(java.util.Random random, List<String> entries, int count) {
            var lines = new ArrayList<String>();
            var line = new StringBuilder();
            for (int i = 0; i < entries.size(); i++) {
                if (!line.isEmpty() && random.nextInt(Math.max(1, entries.size() / count + 1)) == 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.isEmpty() ? "" : "," + " ".repeat(random.nextInt(3))).append(entries.get(i));
            }
            lines.add(line.toString());
            return lines;
        }

        private static List<String> garbage(java.util.Random random) {
            var gen = Instancio.gen().withSetting(Keys.SEED, random.nextLong());
            int size = random.nextInt(20) == 0 ? 2_000 : random.nextInt(4);
            var wrote = new ArrayList<String>();
            for (int i = 0; i < size; i++) {
                wrote.add(switch (random.nextInt(4)) {
                    case 0 -> NOT_ADDRESSES.get(random.nextInt(NOT_ADDRESSES.size()));
                    case 1 -> gen.string().unicode().minLength(0).maxLength(30).get();
                    case 2 -> form(random, untrusted(random));
                    default -> "";
                });
            }
            return wrote;
        }

        @Test
        void names_the_address_the_first_proxy_appended_whatever_the_client_wrote() {
            var random = new java.util.Random(31L);
            for (int run = 0; run < 3_000; run++) {
                var client = untrusted(random);
                var entries = new ArrayList<>(garbage(random));
                entries.add(" ".repeat(random.nextInt(2)) + form(random, client) + " ".repeat(random.nextInt(2)));
                int hops = random.nextInt(4);
                for (int hop = 0; hop < hops; hop++) {
                    if (random.nextInt(4) == 0) {
                        entries.add(" ");
                    }
                    entries.add(form(random, trusted(random)));
                }
                var lines = lines(random, entries, 1 + random.nextInt(3));

                var resolved = PROXIES.resolve(address("127.0.0.1"), lines);
                assertThat(resolved.address()).as("%s", lines.size() > 20 ? lines.subList(lines.size() - 5, lines.size()) : lines)
                        .isEqualTo(client);
                assertThat(resolved.source()).isEqualTo(TrustedProxies.Source.FORWARDED);
            }
        }

        @Test
        void names_the_proxy_that_wrote_no_address_where_the_clients_belongs() {
            var random = new java.util.Random(32L);
            for (int run = 0; run < 3_000; run++) {
                var entries = new ArrayList<>(garbage(random));
                String wrote = NOT_ADDRESSES.get(random.nextInt(NOT_ADDRESSES.size()));
                entries.add(wrote);
                InetAddress charged = address("127.0.0.1");
                int hops = random.nextInt(3);
                var inner = new ArrayList<String>();
                for (int hop = 0; hop < hops; hop++) {
                    var proxy = trusted(random);
                    inner.add(form(random, proxy));
                    if (hop == 0) {
                        charged = proxy;
                    }
                }
                entries.addAll(inner);
                var lines = lines(random, entries, 1 + random.nextInt(3));

                var resolved = PROXIES.resolve(address("127.0.0.1"), lines);
                assertThat(resolved.address()).as("%s then %s", wrote, inner).isEqualTo(charged);
                assertThat(resolved.source()).isEqualTo(TrustedProxies.Source.UNREADABLE);
            }
        }
    }

    @Test
    void a_client_is_named_by_its_source() {
        var proxies = TrustedProxies.parse("127.0.0.1");
        var proxy = address("127.0.0.1");

        assertThat(proxies.resolve(address("198.51.100.1"), List.of("203.0.113.9")))
                .isEqualTo(new TrustedProxies.Client(address("198.51.100.1"), TrustedProxies.Source.PEER));
        assertThat(proxies.resolve(proxy, List.of())).isEqualTo(new TrustedProxies.Client(proxy, TrustedProxies.Source.PROXY));
        assertThat(proxies.resolve(proxy, List.of(" , "))).isEqualTo(new TrustedProxies.Client(proxy, TrustedProxies.Source.PROXY));
        assertThat(proxies.resolve(proxy, List.of("203.0.113.9")))
                .isEqualTo(new TrustedProxies.Client(address("203.0.113.9"), TrustedProxies.Source.FORWARDED));
        assertThat(proxies.resolve(proxy, List.of("203.0.113.9, unknown")))
                .isEqualTo(new TrustedProxies.Client(proxy, TrustedProxies.Source.UNREADABLE));
    }

    @Test
    void without_trusted_proxies_the_peer_is_always_the_client() {
        assertThat(TrustedProxies.none().client(address("127.0.0.1"), List.of("203.0.113.9"))).isEqualTo(address("127.0.0.1"));
    }
}
