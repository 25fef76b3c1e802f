package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.IdempotencyRecords.Claim;
import dev.grantor.application.port.out.IdempotencyRecords.StoredResponse;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code IdempotencyRecords}: one claimer per (business, key); the stored response replays, a different
 * request is a mismatch, and records are forgotten after their time to live. Called outside any unit of
 * work, as the REST adapter calls it around a request.
 */
public abstract class IdempotencyRecordsContract extends PortContract {

    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration ABANDONED = Duration.ofMinutes(5);

    @Test
    void the_first_request_with_a_key_claims_it_and_the_same_request_meanwhile_finds_it_in_progress() {
        var business = insertedBusiness();

        assertThat(claim(business, "key-1", "POST /grants body-a", 0)).isInstanceOf(Claim.Claimed.class);
        assertThat(claim(business, "key-1", "POST /grants body-a", 1)).isInstanceOf(Claim.InProgress.class);
    }

    @Test
    void a_completed_request_replays_its_stored_response() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint", 0);
        var response = new StoredResponse(201, "{\"id\":\"entg_1\",\"note\":\"ünïcödé\"}");

        store.idempotencyRecords().complete(business, "key-1", response, at(1));

        assertThat(claim(business, "key-1", "fingerprint", 2)).isEqualTo(new Claim.Replay(response));
    }

    @Test
    void a_different_request_with_the_same_key_is_a_mismatch_in_progress_or_completed() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint-a", 0);

        assertThat(claim(business, "key-1", "fingerprint-b", 1)).isInstanceOf(Claim.Mismatch.class);

        store.idempotencyRecords().complete(business, "key-1", new StoredResponse(200, "{}"), at(2));

        assertThat(claim(business, "key-1", "fingerprint-b", 3)).isInstanceOf(Claim.Mismatch.class);
    }

    /**
     * The REST adapter's key for a public license call: a scope no caller's key can spell (it begins outside printable
     * ASCII), the license key's SHA-256 and the caller's key of up to 255 characters; 333 characters in all.
     */
    @Test
    void a_key_longer_than_a_callers_and_beyond_ascii_is_kept_whole() {
        var business = insertedBusiness();
        String callers = "k".repeat(255);
        String scoped = "\u00a7license_key:" + "0123456789abcdef".repeat(4) + ":" + callers;
        var response = new StoredResponse(201, "{\"id\":\"lki_1\"}");
        claim(business, scoped, "POST /licenses/activate body", 0);
        store.idempotencyRecords().complete(business, scoped, response, at(1));

        assertThat(scoped).hasSize(333);
        assertThat(claim(business, scoped, "POST /licenses/activate body", 2)).isEqualTo(new Claim.Replay(response));
        assertThat(claim(business, callers, "POST /licenses/activate body", 3)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void keys_belong_to_one_business() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        claim(business, "shared-key", "fingerprint", 0);

        assertThat(claim(other, "shared-key", "another fingerprint", 1)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void a_released_claim_can_be_claimed_again() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint", 0);

        store.idempotencyRecords().release(business, "key-1");

        assertThat(claim(business, "key-1", "fingerprint", 1)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void a_completed_record_is_forgotten_after_its_time_to_live() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint-a", 0);
        store.idempotencyRecords().complete(business, "key-1", new StoredResponse(200, "{}"), at(1));

        assertThat(claim(business, "key-1", "fingerprint-a", TTL.toSeconds() - 1)).isInstanceOf(Claim.Replay.class);
        assertThat(claim(business, "key-1", "fingerprint-b", TTL.toSeconds() + 1)).isInstanceOf(Claim.Claimed.class);
    }

    /** Found by {@link IdempotencyRecordsModelContract}: the in-memory store forgot it at exactly its time to live. */
    @Test
    void a_record_exactly_its_time_to_live_old_still_answers_and_a_millisecond_later_is_forgotten() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint-a", 0);
        var response = new StoredResponse(201, "{}");
        store.idempotencyRecords().complete(business, "key-1", response, at(1));
        var expiry = at(0).plus(TTL);
        var records = store.idempotencyRecords();

        assertThat(records.claim(business, "key-1", "fingerprint-a", expiry, TTL, ABANDONED)).isEqualTo(new Claim.Replay(response));
        assertThat(records.claim(business, "key-1", "fingerprint-b", expiry, TTL, ABANDONED)).isInstanceOf(Claim.Mismatch.class);
        assertThat(records.claim(business, "key-1", "fingerprint-b", expiry.plusMillis(1), TTL, ABANDONED))
                .isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void a_claim_never_completed_is_forgotten_after_its_time_to_live() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint", 0);

        assertThat(claim(business, "key-1", "fingerprint", TTL.toSeconds() + 1)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void a_claim_left_without_an_answer_is_taken_over_by_the_same_request_once_abandoned_and_by_no_other() {
        var business = insertedBusiness();
        claim(business, "key-1", "fingerprint", 0);
        claim(business, "key-2", "fingerprint", 0);
        store.idempotencyRecords().complete(business, "key-2", new StoredResponse(201, "{}"), at(1));
        long abandoned = ABANDONED.toSeconds();

        assertThat(claim(business, "key-1", "fingerprint", abandoned - 1)).isInstanceOf(Claim.InProgress.class);
        assertThat(claim(business, "key-1", "another request", abandoned)).isInstanceOf(Claim.Mismatch.class);
        assertThat(claim(business, "key-2", "fingerprint", abandoned + 1)).isEqualTo(new Claim.Replay(new StoredResponse(201, "{}")));
        assertThat(claim(business, "key-1", "fingerprint", abandoned)).isInstanceOf(Claim.Claimed.class);
        assertThat(claim(business, "key-1", "fingerprint", abandoned + 1)).as("the new claim is fresh").isInstanceOf(Claim.InProgress.class);
    }

    @Test
    void of_32_concurrent_takeovers_of_an_abandoned_claim_exactly_one_claims_it() {
        var business = insertedBusiness();
        claim(business, "abandoned", "same request", 0);

        var outcomes = race(32, n -> claim(business, "abandoned", "same request", ABANDONED.toSeconds() + 1));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().map(Either::get).filter(c -> c instanceof Claim.Claimed)).hasSize(1);
    }

    @Test
    void of_32_concurrent_requests_with_one_key_exactly_one_claims_it() {
        var business = insertedBusiness();

        var outcomes = race(32, n -> claim(business, "contended", "same request", 0));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().map(Either::get).filter(c -> c instanceof Claim.Claimed)).hasSize(1);
        assertThat(outcomes.stream().map(Either::get).filter(c -> c instanceof Claim.InProgress)).hasSize(31);
    }

    @Test
    void records_claimed_before_a_cutoff_are_deleted_completed_or_not_oldest_first_a_limit_at_a_time() {
        var business = insertedBusiness();
        claim(business, "first", "fingerprint", 0);
        store.idempotencyRecords().complete(business, "first", new StoredResponse(201, "{}"), at(1));
        claim(business, "second", "fingerprint", 10);
        claim(business, "at-cutoff", "fingerprint", 20);

        assertThat(store.idempotencyRecords().forgetClaimedBefore(at(20), 1)).isEqualTo(1);
        assertThat(claim(business, "first", "another request", 21)).as("forgotten, so a new claim").isInstanceOf(Claim.Claimed.class);
        assertThat(claim(business, "second", "another request", 21)).as("still held").isInstanceOf(Claim.Mismatch.class);
        assertThat(store.idempotencyRecords().forgetClaimedBefore(at(20), 10)).as("the cutoff is exclusive").isEqualTo(1);
        assertThat(store.idempotencyRecords().forgetClaimedBefore(at(20), 10)).isZero();
        assertThat(store.idempotencyRecords().forgetClaimedBefore(at(1000), 0)).isZero();

        assertThat(claim(business, "at-cutoff", "fingerprint", 22)).isInstanceOf(Claim.InProgress.class);
        assertThat(claim(business, "second", "another request", 22)).isInstanceOf(Claim.Claimed.class);
    }

    private Claim claim(BusinessId business, String key, String fingerprint, long second) {
        return store.idempotencyRecords().claim(business, key, fingerprint, at(second), TTL, ABANDONED);
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
