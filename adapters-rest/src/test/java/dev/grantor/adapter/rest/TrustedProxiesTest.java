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
        "127.0.0.1    | 203.0.113.9,,10.0.0.2            | 127.0.0.1",
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

    @Test
    void without_trusted_proxies_the_peer_is_always_the_client() {
        assertThat(TrustedProxies.none().client(address("127.0.0.1"), List.of("203.0.113.9"))).isEqualTo(address("127.0.0.1"));
    }
}
