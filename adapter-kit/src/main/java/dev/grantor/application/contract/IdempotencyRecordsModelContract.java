package dev.grantor.application.contract;

import static org.assertj.core.api.Assertions.fail;

import dev.grantor.application.port.out.IdempotencyRecords.Claim;
import dev.grantor.application.port.out.IdempotencyRecords.StoredResponse;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * {@code IdempotencyRecords} in generated sequences (Instancio, seeded) of claims, completions, releases, purges and
 * waits over two businesses, two keys each and two requests per key, each step compared with a table written from the
 * port's javadoc and http-api.md's "Idempotency", not from any store: a record older than the time to live is gone
 * (exactly the time to live old is still kept: "older than"); the same request finds its stored answer, or the claim in
 * progress until it is {@code abandonedAfter} old, from when it takes the claim over; a different request with the key
 * is a mismatch whether the first is completed or still in progress (409 {@code IDEMPOTENCY_KEY_REUSED} either way); a
 * purge deletes the oldest claims before its cutoff, completed or not. The clock waits a minute, or jumps to a record's
 * abandonment or expiry exactly, a millisecond before or after it, so the boundaries are hit as often as the middles.
 */
public abstract class IdempotencyRecordsModelContract extends PortContract {

    static final Duration TTL = Duration.ofMinutes(4);
    static final Duration ABANDONED = Duration.ofMinutes(2);
    static final Duration MILLI = Duration.ofMillis(1);
    /** Sequences per store; {@code -Dgrantor.model.sequences=1000} runs more. */
    static final int SEQUENCES = Integer.getInteger("grantor.model.sequences", 100);
    static final int STEPS = 40;

    enum Command { CLAIM, COMPLETE, RELEASE, FORGET_ONE, FORGET_ALL, WAIT_A_MINUTE, TO_ABANDONED, TO_EXPIRY }

    /** A record as the model keeps it: the request that claimed it, when, and its stored answer once completed. */
    record Row(String fingerprint, Instant claimedAt, Option<StoredResponse> response) {}

    record Address(int business, String key) {}

    final Map<Address, Row> rows = new LinkedHashMap<>();
    /** How often each answer came, and in what case: every one must, or the sequences do not reach every state. */
    final Map<String, Integer> seen = new java.util.TreeMap<>();
    Instant now;

    @Test
    void generated_sequences_answer_as_the_table_of_the_port_says() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 5_12_2026L).ints().range(0, 1_000_000).list(SEQUENCES * STEPS * 5)
                .iterator();
        var businesses = List.of(insertedBusiness(), insertedBusiness());
        now = ContractFixtures.T0;
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            // a day on, every record of the sequence before is older than the time to live: the purge clears them all
            now = now.plus(Duration.ofDays(1));
            forget(new ArrayList<>(List.of("sequence " + sequence + " starts")), Integer.MAX_VALUE);
            var path = new ArrayList<String>();
            for (int step = 0; step < STEPS; step++) {
                var command = Command.values()[draws.next() % Command.values().length];
                var address = new Address(draws.next() % 2, "key-" + sequence + "-" + draws.next() % 2);
                var business = businesses.get(address.business());
                String fingerprint = "POST /grants body-" + draws.next() % 2;
                int pick = draws.next();
                switch (command) {
                    case CLAIM -> claimStep(sequence, path, address, business, fingerprint);
                    case COMPLETE -> {
                        // only a request holding a claim completes it, as the REST adapter does
                        var row = live(address);
                        if (row.isDefined() && row.get().response().isEmpty()) {
                            var response = new StoredResponse(List.of(200, 201, 404, 422).get(pick % 4), "{\"step\":" + step + "}");
                            path.add("complete " + address + " with " + response.status());
                            store.idempotencyRecords().complete(business, address.key(), response, now);
                            rows.put(address, new Row(row.get().fingerprint(), row.get().claimedAt(), Option.some(response)));
                        }
                    }
                    case RELEASE -> {
                        var row = live(address);
                        if (row.isDefined() && row.get().response().isEmpty()) {
                            path.add("release " + address);
                            store.idempotencyRecords().release(business, address.key());
                            rows.remove(address);
                        }
                    }
                    case FORGET_ONE -> forget(path, 1);
                    case FORGET_ALL -> forget(path, Integer.MAX_VALUE);
                    case WAIT_A_MINUTE -> {
                        now = now.plus(Duration.ofMinutes(1));
                        path.add("wait a minute");
                    }
                    case TO_ABANDONED, TO_EXPIRY -> {
                        var row = rows.get(address);
                        if (row != null) {
                            var boundary = row.claimedAt().plus(command == Command.TO_ABANDONED ? ABANDONED : TTL)
                                    .plus(MILLI.multipliedBy(pick % 3 - 1));
                            if (boundary.isAfter(now)) {
                                path.add("to " + (command == Command.TO_ABANDONED ? "abandonment" : "expiry") + (pick % 3 - 1)
                                        + "ms of " + address);
                                now = boundary;
                                // half the time the request comes at that very instant
                                if (pick % 2 == 0) {
                                    claimStep(sequence, path, address, business, fingerprint);
                                }
                            }
                        }
                    }
                }
            }
        }
        var cases = List.of("Claimed", "Replay", "InProgress", "Mismatch", "fresh", "abandoned", "exactly abandoned",
                "exactly expired", "expired", "in progress", "completed", "other request in progress", "other request completed",
                "purged");
        for (var situation : cases) {
            if (seen.getOrDefault(situation, 0) < 3) {
                fail("the sequences reached %s %d times (%s)", situation, seen.getOrDefault(situation, 0), seen);
            }
        }
    }

    private void claimStep(int sequence, List<String> path, Address address, BusinessId business, String fingerprint) {
        path.add("claim " + address + " " + fingerprint + " at " + now);
        seen.merge(situation(address, fingerprint), 1, Integer::sum);
        var expected = claim(address, fingerprint);
        seen.merge(expected.getClass().getSimpleName(), 1, Integer::sum);
        var actual = store.idempotencyRecords().claim(business, address.key(), fingerprint, now, TTL, ABANDONED);
        if (!actual.equals(expected)) {
            fail("sequence %d: %s answered %s, the model says %s", sequence, path, actual, expected);
        }
        // claims a millisecond apart: the purge's "oldest first" then has one answer
        now = now.plus(MILLI);
    }

    /** Which case of the table a claim meets, counted to show the sequences reach them all. */
    private String situation(Address address, String fingerprint) {
        var row = rows.get(address);
        if (row == null) {
            return "fresh";
        }
        var age = Duration.between(row.claimedAt(), now);
        if (age.compareTo(TTL) > 0) {
            return "expired";
        }
        if (age.equals(TTL)) {
            return "exactly expired";
        }
        if (!row.fingerprint().equals(fingerprint)) {
            return row.response().isDefined() ? "other request completed" : "other request in progress";
        }
        if (row.response().isDefined()) {
            return "completed";
        }
        return age.equals(ABANDONED) ? "exactly abandoned" : age.compareTo(ABANDONED) > 0 ? "abandoned" : "in progress";
    }

    /** The purge the engine runs: claims older than the time to live, oldest first, {@code limit} at a time. */
    private void forget(List<String> path, int limit) {
        var cutoff = now.minus(TTL);
        var gone = rows.entrySet().stream().filter(e -> e.getValue().claimedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(e -> e.getValue().claimedAt())).limit(limit).map(Map.Entry::getKey).toList();
        path.add("forget before " + cutoff + " up to " + limit);
        int actual = store.idempotencyRecords().forgetClaimedBefore(cutoff, limit);
        if (actual != gone.size()) {
            fail("%s deleted %d, the model says %d", path, actual, gone.size());
        }
        gone.forEach(rows::remove);
        if (!gone.isEmpty()) {
            seen.merge("purged", 1, Integer::sum);
        }
    }

    /** The model's claim: what it answers and what it leaves. */
    private Claim claim(Address address, String fingerprint) {
        var row = live(address);
        if (row.isEmpty()) {
            rows.put(address, new Row(fingerprint, now, Option.none()));
            return new Claim.Claimed();
        }
        if (!row.get().fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        if (row.get().response().isDefined()) {
            return new Claim.Replay(row.get().response().get());
        }
        if (!now.isBefore(row.get().claimedAt().plus(ABANDONED))) {
            rows.put(address, new Row(fingerprint, now, Option.none()));
            return new Claim.Claimed();
        }
        return new Claim.InProgress();
    }

    /** The record unless it is older than the time to live: then it counts as gone, whether a purge took it yet or not. */
    private Option<Row> live(Address address) {
        return Option.of(rows.get(address)).filter(row -> !row.claimedAt().plus(TTL).isBefore(now));
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
