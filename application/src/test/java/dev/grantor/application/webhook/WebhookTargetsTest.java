package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.webhook.WebhookTargets.HostForm;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * The address rule against an independent table of the special-purpose blocks (IANA's IPv4 and IPv6 registries),
 * written as CIDR text and compared by prefix, over generated addresses: uniform ones, and ones drawn inside each
 * block so that every block is hit many times.
 */
class WebhookTargetsTest {

    private static final List<String> NOT_PUBLIC_V4 = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

    private static final long SEED = 20_261_202L;

    private static boolean inTable(byte[] v4) {
        long value = new BigInteger(1, v4).longValue();
        for (String block : NOT_PUBLIC_V4) {
            var parts = block.split("/");
            long base = new BigInteger(1, parse(parts[0])).longValue();
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
            if ((value & mask) == (base & mask)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] parse(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static InetAddress v4(int value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
                    (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress v6(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_ipv4_address_is_public_exactly_when_no_special_purpose_block_holds_it() {
        var uniform = Instancio.ofList(Integer.class).size(50_000).withSeed(SEED).create();
        var inBlocks = Instancio.ofList(Integer.class).size(50_000).withSeed(SEED).create().stream()
                .map(random -> {
                    var block = NOT_PUBLIC_V4.get(Math.floorMod(random, NOT_PUBLIC_V4.size())).split("/");
                    int base = new BigInteger(1, parse(block[0])).intValue();
                    int bits = Integer.parseInt(block[1]);
                    int host = bits == 32 ? 0 : (random >>> 7) & (int) ((1L << (32 - bits)) - 1);
                    return base | host;
                }).toList();

        for (var value : concat(uniform, inBlocks)) {
            var address = v4(value);
            assertThat(WebhookTargets.isPublic(address)).as(address.getHostAddress()).isEqualTo(!inTable(address.getAddress()));
        }
    }

    @Test
    void an_ipv4_address_carried_in_ipv6_is_judged_by_the_ipv4_address() {
        for (var value : Instancio.ofList(Integer.class).size(20_000).withSeed(SEED).create()) {
            byte[] v4 = v4(value).getAddress();
            boolean expected = !inTable(v4);
            var mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mapped, 12, 4);
            var nat64 = new byte[16];
            nat64[1] = 0x64;
            nat64[2] = (byte) 0xff;
            nat64[3] = (byte) 0x9b;
            System.arraycopy(v4, 0, nat64, 12, 4);
            var sixToFour = new byte[16];
            sixToFour[0] = 0x20;
            sixToFour[1] = 0x02;
            System.arraycopy(v4, 0, sixToFour, 2, 4);
            var compatible = new byte[16];
            System.arraycopy(v4, 0, compatible, 12, 4);

            assertThat(WebhookTargets.isPublic(v6(mapped))).isEqualTo(expected);
            assertThat(WebhookTargets.isPublic(v6(nat64))).isEqualTo(expected);
            assertThat(WebhookTargets.isPublic(v6(sixToFour))).isEqualTo(expected);
            assertThat(WebhookTargets.isPublic(v6(compatible))).as("IPv4-compatible is deprecated: never a target").isFalse();
        }
    }

    @Test
    void an_ipv6_address_is_public_only_in_global_unicast_outside_its_special_blocks() {
        var halves = Instancio.ofList(Long.class).size(40_000).withSeed(SEED).create();
        for (int n = 0; n < halves.size(); n += 2) {
            var bytes = java.nio.ByteBuffer.allocate(16).putLong(halves.get(n)).putLong(halves.get(n + 1)).array();
            int first = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
            int second = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
            var address = v6(bytes);
            if (address instanceof java.net.Inet4Address || first == 0x2002 || first == 0 || first == 0x0064) {
                continue;                                       // judged by their IPv4 address, above
            }
            boolean globalUnicast = (bytes[0] & 0xe0) == 0x20;
            boolean special = first == 0x2001 && (second == 0 || second == 0x0db8);
            assertThat(WebhookTargets.isPublic(address)).as(address.getHostAddress()).isEqualTo(globalUnicast && !special);
        }
    }

    @Test
    void ula_link_local_multicast_loopback_and_unspecified_ipv6_are_not_public() {
        for (String literal : List.of("fc00::1", "fd00::1", "fd00:ec2::254", "fe80::1", "febf::1", "fec0::1", "ff02::1",
                "::1", "::", "2001:db8::1", "2001::1")) {
            assertThat(WebhookTargets.isPublic(v6(parse(literal)))).as(literal).isFalse();
        }
    }

    @Test
    void hosts_are_read_without_asking_dns() {
        assertThat(WebhookTargets.host("hooks.example.com")).isEqualTo(HostForm.PUBLIC);
        assertThat(WebhookTargets.host("8.8.8.8")).isEqualTo(HostForm.PUBLIC);
        assertThat(WebhookTargets.host("[2606:4700::1111]")).isEqualTo(HostForm.PUBLIC);
        assertThat(WebhookTargets.host("LOCALHOST.")).isEqualTo(HostForm.NOT_PUBLIC);
        assertThat(WebhookTargets.host("[::ffff:10.0.0.1]")).isEqualTo(HostForm.NOT_PUBLIC);
        assertThat(WebhookTargets.host("2130706433")).isEqualTo(HostForm.OBSCURED);
        assertThat(WebhookTargets.host("08.8.8.8")).isEqualTo(HostForm.OBSCURED);
        assertThat(WebhookTargets.host("1.2.3.4.example.com")).isEqualTo(HostForm.PUBLIC);
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        var all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
