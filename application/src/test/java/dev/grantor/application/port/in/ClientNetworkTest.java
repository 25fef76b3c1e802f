package dev.grantor.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * One client of a per-address limit: an IPv4 address, or an IPv6 /64, over generated addresses written the ways a
 * server names its peer.
 */
class ClientNetworkTest {

    private static final long SEED = 64;

    private static InetAddress v6(long high, long low) {
        try {
            var address = InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
            return address instanceof Inet6Address ? address : InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** As Jetty names an IPv6 peer, in brackets, and as others do, bare or shortened. */
    private static String written(InetAddress address, int how) {
        String full = address.getHostAddress();
        return switch (Math.floorMod(how, 3)) {
            case 0 -> "[" + full + "]";
            case 1 -> full;
            default -> full.replaceFirst("(^|:)0(:0)+(:|$)", "::");
        };
    }

    @Test
    void the_addresses_of_one_ipv6_slash_64_are_one_client_and_of_two_are_two() {
        var halves = Instancio.ofList(Long.class).size(12_000).withSeed(SEED).create();
        for (int i = 0; i + 3 < halves.size(); i += 4) {
            long network = halves.get(i) | 0x2000_0000_0000_0000L;
            var one = v6(network, halves.get(i + 1));
            var neighbour = v6(network, halves.get(i + 2));
            var elsewhere = v6(network ^ (1L << Math.floorMod(halves.get(i + 3), 64)), halves.get(i + 1));

            assertThat(ClientNetwork.of(written(one, i))).as("%s and %s", one, neighbour)
                    .isEqualTo(ClientNetwork.of(written(neighbour, i + 1)))
                    .endsWith("/64");
            assertThat(ClientNetwork.of(written(one, i + 2))).as("%s and %s", one, elsewhere)
                    .isNotEqualTo(ClientNetwork.of(written(elsewhere, i)));
        }
    }

    @Test
    void an_ipv4_address_is_one_client_however_it_arrives() {
        for (int value : Instancio.ofList(Integer.class).size(5_000).withSeed(SEED).create()) {
            String v4 = (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);

            assertThat(ClientNetwork.of(v4)).isEqualTo(v4);
            assertThat(ClientNetwork.of("[::ffff:" + v4 + "]")).as("IPv4-mapped").isEqualTo(v4);
        }
    }

    @Test
    void what_is_not_an_address_is_its_own_key_and_is_never_looked_up() {
        assertThat(ClientNetwork.of(null)).isEmpty();
        assertThat(ClientNetwork.of("")).isEmpty();
        assertThat(ClientNetwork.of("localhost:8080")).isEqualTo("localhost:8080");
        assertThat(ClientNetwork.of("[not:an:address]")).isEqualTo("[not:an:address]");
        assertThat(ClientNetwork.of("example.com")).isEqualTo("example.com");
    }

    @Test
    void a_site_is_an_ipv6_slash_48_or_an_ipv4_slash_24_however_its_addresses_arrive() {
        var halves = Instancio.ofList(Long.class).size(6_000).withSeed(SEED).create();
        for (int i = 0; i + 2 < halves.size(); i += 3) {
            long site = (halves.get(i) | 0x2000_0000_0000_0000L) & 0xffff_ffff_ffff_0000L;
            var one = v6(site | (halves.get(i + 1) & 0xffff), halves.get(i + 1));
            var sameSite = v6(site | (halves.get(i + 2) & 0xffff), halves.get(i + 2));
            var elsewhere = v6(site ^ (1L << (16 + Math.floorMod(halves.get(i + 2), 45))), halves.get(i + 1));

            assertThat(ClientNetwork.site(written(one, i))).as("%s and %s", one, sameSite)
                    .isEqualTo(ClientNetwork.site(written(sameSite, i + 1))).endsWith("/48");
            assertThat(ClientNetwork.site(written(one, i + 2))).as("%s and %s", one, elsewhere)
                    .isNotEqualTo(ClientNetwork.site(written(elsewhere, i)));
        }
        assertThat(ClientNetwork.site("203.0.113.7")).isEqualTo(ClientNetwork.site("203.0.113.250")).isEqualTo("203.0.113.0/24")
                .isEqualTo(ClientNetwork.site("[::ffff:203.0.113.9]"));
        assertThat(ClientNetwork.site("203.0.114.7")).isEqualTo("203.0.114.0/24");
        assertThat(ClientNetwork.site("example.com")).as("never resolved").isEqualTo("example.com");
        assertThat(ClientNetwork.site("010.0.0.1")).as("not an address as a proxy writes one").isEqualTo("010.0.0.1");
        assertThat(ClientNetwork.site(null)).isEmpty();
    }
}
