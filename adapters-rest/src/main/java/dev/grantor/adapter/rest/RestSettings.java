package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.ClientNetwork;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.regex.Pattern;

/**
 * How the HTTP API runs. {@code port} 0 picks a free port. The two rate limits are token buckets: one per
 * API key on merchant endpoints; one per client address on the public {@code /licenses/*} endpoints, which
 * also bounds failed authentications per client address (both are where keys could be guessed). The client's address is
 * the TCP peer's, or what a {@link TrustedProxies trusted proxy} says it is.
 */
public record RestSettings(String host, int port, int maxBodyBytes, RateLimit merchantRateLimit,
                           RateLimit licenseRateLimit, Duration idempotencyTtl, Duration shutdownGrace,
                           InstantSource clock, Duration headerReadDeadline, RateLimit licenseFailureBudget,
                           RateLimit licenseFailureBudgetPerBusiness, TrustedProxies trustedProxies) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_HEADER_READ_DEADLINE = Duration.ofSeconds(10);
    /** Failed license-key checks per second on this node, from every address together, bursts of a minute's worth. */
    public static final RateLimit DEFAULT_LICENSE_FAILURE_BUDGET = new RateLimit(600, 10);
    /**
     * Failed checks of one business's existing keys per second, bursts of a minute's worth: half the deployment's, so
     * one business's failing keys never spend the whole deployment's budget.
     */
    public static final RateLimit DEFAULT_LICENSE_FAILURE_BUDGET_PER_BUSINESS = new RateLimit(300, 5);

    /** A bucket of {@code capacity} tokens, refilled at {@code perSecond}; each request takes one. */
    public record RateLimit(int capacity, double perSecond) {

        /** How the per-key and per-address request limits burst: twice their rate. */
        public static final Duration REQUEST_BURST = Duration.ofSeconds(2);

        /** How the budgets of failed license-key checks burst: a minute's worth, since a failure is cheap to make. */
        public static final Duration FAILURE_BURST = Duration.ofMinutes(1);

        public RateLimit {
            if (capacity < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("a rate limit needs a capacity >= 1 and a positive refill rate");
            }
        }

        /** {@code perSecond}, in bursts of what {@code burst} of it adds up to (one request at least). */
        public static RateLimit perSecond(double perSecond, Duration burst) {
            return new RateLimit((int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perSecond * burst.toMillis() / 1000.0))),
                    perSecond);
        }
    }

    /**
     * The proxies in front of the service (addresses and CIDR blocks, IPv4 and IPv6) whose {@code X-Forwarded-For} is
     * believed, and the rule that picks the client's address from it. Without any, every request's client is its TCP
     * peer: without TLS of its own the service normally sits behind a proxy, and then every per-address limit would be
     * one bucket shared by all clients.
     */
    public record TrustedProxies(List<Block> blocks) {

        private static final Pattern IPV4 = Pattern.compile(ClientNetwork.IPV4);
        /** A port as a proxy writes it after a client's address: 0 to 65535, no sign, no leading zero. */
        private static final String PORT = "(?:0|[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";
        private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\](?::" + PORT + ")?");
        private static final Pattern IPV4_WITH_PORT = Pattern.compile("(" + ClientNetwork.IPV4 + "):" + PORT);
        /**
         * Hex, colons and at most a trailing dotted quad, starting as the JDK needs to read it as a literal: anything else
         * (another letter, a zone's '%', a leading '.') would be looked up as a name.
         */
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?:" + ClientNetwork.IPV4 + ")?");

        /** An address block: the first {@code prefix} bits of {@code network}. */
        public record Block(byte[] network, int prefix) {
            public Block {
                if (network == null || (network.length != 4 && network.length != 16) || prefix < 0
                        || prefix > network.length * 8) {
                    throw new IllegalArgumentException("a block is an IPv4 or IPv6 address and a prefix that fits it");
                }
                network = network.clone();
            }

            @Override
            public byte[] network() {
                return network.clone();
            }

            boolean contains(InetAddress address) {
                byte[] bytes = address.getAddress();
                if (bytes.length != network.length) {
                    return false;
                }
                int whole = prefix / 8;
                for (int i = 0; i < whole; i++) {
                    if (bytes[i] != network[i]) {
                        return false;
                    }
                }
                int rest = prefix % 8;
                if (rest == 0) {
                    return true;
                }
                int mask = 0xFF << (8 - rest) & 0xFF;
                return (bytes[whole] & mask) == (network[whole] & mask);
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Block block && block.prefix == prefix && java.util.Arrays.equals(block.network, network);
            }

            @Override
            public int hashCode() {
                return 31 * java.util.Arrays.hashCode(network) + prefix;
            }

            @Override
            public String toString() {
                try {
                    return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }

        public TrustedProxies {
            if (blocks == null || blocks.contains(null)) {
                throw new IllegalArgumentException("trusted proxies are a list of blocks, empty for none");
            }
        }

        /** No proxy is trusted: the client is always the TCP peer. */
        public static TrustedProxies none() {
            return new TrustedProxies(List.empty());
        }

        /** {@code 10.0.0.0/8,127.0.0.1,2001:db8::/32}; blank entries are skipped, a blank whole is none. */
        public static TrustedProxies parse(String commaSeparated) {
            return commaSeparated == null ? none() : of(java.util.List.of(commaSeparated.split(",", -1)));
        }

        /**
         * Each entry an address or a CIDR block. An entry that is neither, or a block with bits set past its prefix (a typo
         * for a narrower or a wider block, either of which trusts what it should not), is refused with a message naming it.
         */
        public static TrustedProxies of(Iterable<String> entries) {
            var blocks = List.<Block>empty();
            for (String raw : entries) {
                String entry = raw == null ? "" : raw.strip();
                if (!entry.isEmpty()) {
                    blocks = blocks.append(block(entry));
                }
            }
            return new TrustedProxies(blocks);
        }

        private static Block block(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address).map(InetAddress::getAddress).getOrElseThrow(() -> new IllegalArgumentException(
                    "'" + entry + "' is not an IP address or CIDR block (such as 10.0.0.0/8, 127.0.0.1 or 2001:db8::/32)"));
            if (slash < 0) {
                return new Block(bytes, bytes.length * 8);
            }
            String length = entry.substring(slash + 1);
            int prefix = length.matches("0|[1-9][0-9]{0,2}") ? Integer.parseInt(length) : -1;
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' needs a prefix length of 0.." + bytes.length * 8);
            }
            var block = new Block(bytes, prefix);
            if (!java.util.Arrays.equals(masked(bytes, prefix), bytes)) {
                throw new IllegalArgumentException("'" + entry + "' has bits set past its /" + prefix + "; the block is "
                        + new Block(masked(bytes, prefix), prefix));
            }
            return block;
        }

        private static byte[] masked(byte[] bytes, int prefix) {
            byte[] out = bytes.clone();
            for (int i = 0; i < out.length; i++) {
                int kept = Math.max(0, Math.min(8, prefix - i * 8));
                out[i] = (byte) (out[i] & (0xFF << (8 - kept)));
            }
            return out;
        }

        public boolean isEmpty() {
            return blocks.isEmpty();
        }

        public boolean trusts(InetAddress address) {
            return blocks.exists(block -> block.contains(address));
        }

        /** Where a request's client address came from. */
        public enum Source {
            /** The TCP peer, which is no trusted proxy. */
            PEER,
            /** A trusted proxy that named no one else: its own request, or one without {@code X-Forwarded-For}. */
            PROXY,
            /** An address in {@code X-Forwarded-For}. */
            FORWARDED,
            /**
             * A trusted proxy, whose entry where the client's address belongs is no address ({@code unknown}, a name, an
             * obfuscated {@code _hidden}, a port out of range): it does not know the client, and nothing left of that
             * entry can be believed.
             */
            UNREADABLE
        }

        /** A request's client, and which rule named it. */
        public record Client(InetAddress address, Source source) {
            public Client {
                if (address == null || source == null) {
                    throw new IllegalArgumentException("a client has an address and a source");
                }
            }
        }

        /**
         * The client of a request that came from {@code peer} with these {@code X-Forwarded-For} lines (in order, one
         * list). Only a trusted peer's header is read, from the right: each proxy appends the address it was reached
         * from, so the entries are walked past the trusted proxies' addresses and the first other entry decides. An
         * address is the client. Anything else ({@link #forwardedEntry}) was written by the proxy to its right, which
         * thus does not know the client: that proxy (the nearest trusted address to its right, or the peer) is the
         * client. Nothing to the left of the deciding entry is read, since it is whatever the client chose to send:
         * a client's own garbage ({@code nonsense, 203.0.113.9}) changes nothing, and skipping garbage the proxies wrote
         * to read further left would let a client choose its address. Blank entries ({@code a,,b}, a trailing comma)
         * are no entries, as HTTP's list syntax has it. If every entry is a trusted proxy, the leftmost is the client.
         * The work is bounded by the header's size limit, and an entry left of the deciding one is not even parsed.
         */
        public Client resolve(InetAddress peer, Iterable<String> forwardedFor) {
            if (!trusts(peer)) {
                return new Client(peer, Source.PEER);
            }
            var lines = List.ofAll(forwardedFor).reverse();
            InetAddress nearestProxy = peer;
            boolean named = false;
            for (String line : lines) {
                int end = line.length();
                while (end >= 0) {
                    int comma = line.lastIndexOf(',', end - 1);
                    String entry = line.substring(comma + 1, end).strip();
                    end = comma;
                    if (entry.isEmpty()) {
                        continue;
                    }
                    var address = forwardedEntry(entry);
                    if (address.isEmpty()) {
                        return new Client(nearestProxy, Source.UNREADABLE);
                    }
                    if (!trusts(address.get())) {
                        return new Client(address.get(), Source.FORWARDED);
                    }
                    nearestProxy = address.get();
                    named = true;
                }
            }
            return new Client(nearestProxy, named ? Source.FORWARDED : Source.PROXY);
        }

        /** {@link #resolve}'s address. */
        public InetAddress client(InetAddress peer, Iterable<String> forwardedFor) {
            return resolve(peer, forwardedFor).address();
        }

        /**
         * One {@code X-Forwarded-For} entry: a {@link #literal}, or one as some proxies write it, with the client's port
         * ({@code 203.0.113.9:51234}, Azure's and IIS's) or an IPv6 one in brackets ({@code [2001:db8::7]},
         * {@code [2001:db8::7]:51234}). The port says nothing about who the client is and is dropped; refusing it would
         * charge every client behind such a proxy to the proxy's one bucket.
         */
        static Option<InetAddress> forwardedEntry(String text) {
            if (text == null || text.length() > 53) {
                return Option.none();
            }
            var bracketed = BRACKETED.matcher(text);
            if (bracketed.matches()) {
                return IPV6.matcher(bracketed.group(1)).matches() ? literal(bracketed.group(1)) : Option.none();
            }
            var withPort = IPV4_WITH_PORT.matcher(text);
            return withPort.matches() ? literal(withPort.group(1)) : literal(text);
        }

        /**
         * An IPv4 dotted quad or an IPv6 address, written out, never a name: what is not a literal must not reach a name
         * lookup. IPv4 octets with a leading zero are refused, as some readers take them for octal. An IPv4 address carried
         * in IPv6 ({@code ::ffff:10.0.0.1}) is the IPv4 address, as the JDK reports such a peer.
         */
        public static Option<InetAddress> literal(String text) {
            if (text == null || text.length() > 45 || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
                return Option.none();
            }
            try {
                return Option.some(InetAddress.getByName(text));
            } catch (UnknownHostException | IllegalArgumentException malformed) {
                return Option.none();
            }
        }
    }

    public RestSettings {
        if (host == null || host.isBlank() || port < 0 || port > 65_535 || maxBodyBytes < 1 || merchantRateLimit == null
                || licenseRateLimit == null || idempotencyTtl == null || idempotencyTtl.isNegative()
                || shutdownGrace == null || shutdownGrace.isNegative() || clock == null || headerReadDeadline == null
                || !headerReadDeadline.isPositive() || licenseFailureBudget == null || licenseFailureBudgetPerBusiness == null
                || trustedProxies == null) {
            throw new IllegalArgumentException("incomplete or out-of-range REST settings");
        }
    }

    /** Loopback, port 8080, 64 KiB bodies, 50 requests/s per API key (bursts of 100), 10/s per address on licenses. */
    public static RestSettings defaults() {
        return new RestSettings("127.0.0.1", 8080, DEFAULT_MAX_BODY_BYTES, new RateLimit(100, 50), new RateLimit(20, 10),
                Duration.ofHours(24), Duration.ofSeconds(10), InstantSource.system(), DEFAULT_HEADER_READ_DEADLINE,
                DEFAULT_LICENSE_FAILURE_BUDGET, DEFAULT_LICENSE_FAILURE_BUDGET_PER_BUSINESS, TrustedProxies.none());
    }

    public RestSettings withHost(String newHost) {
        return new RestSettings(newHost, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withPort(int newPort) {
        return new RestSettings(host, newPort, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withRateLimits(RateLimit merchant, RateLimit license) {
        return new RestSettings(host, port, maxBodyBytes, merchant, license, idempotencyTtl, shutdownGrace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withClock(InstantSource newClock) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, newClock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withShutdownGrace(Duration grace) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, grace, clock, headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    public RestSettings withHeaderReadDeadline(Duration deadline) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock, deadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    /** The deployment-wide budget of failed license-key checks (unknown key, {@code valid: false}, activation refused). */
    public RestSettings withLicenseFailureBudget(RateLimit budget) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, budget, licenseFailureBudgetPerBusiness, trustedProxies);
    }

    /** The budget of failed checks of one business's existing keys (not valid, unknown instance, activation refused). */
    public RestSettings withLicenseFailureBudgetPerBusiness(RateLimit budget) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, licenseFailureBudget, budget, trustedProxies);
    }

    /**
     * The proxies whose {@code X-Forwarded-For} names the client; from any other peer the header is ignored and the
     * peer is the client.
     */
    public RestSettings withTrustedProxies(TrustedProxies proxies) {
        return new RestSettings(host, port, maxBodyBytes, merchantRateLimit, licenseRateLimit, idempotencyTtl, shutdownGrace, clock,
                headerReadDeadline, licenseFailureBudget, licenseFailureBudgetPerBusiness, proxies);
    }
}
