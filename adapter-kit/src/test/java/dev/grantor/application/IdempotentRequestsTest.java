package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.IdempotentRequests.Claim;
import dev.grantor.application.port.in.IdempotentRequests.StoredResponse;
import dev.grantor.application.service.IdempotentRequestsService;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The facade's idempotent requests: the primary port an HTTP host claims its idempotency keys through. */
class IdempotentRequestsTest {

    static final Duration TTL = Duration.ofHours(24);

    final EngineFixture engine = new EngineFixture();
    final IdempotentRequests requests = engine.grantor.idempotentRequests().get();

    @Nested
    class A_key_claimed_and_completed {

        void completed() {
            assertThat(requests.claim(engine.business, "key-1", "POST /grants body-a", TTL)).isInstanceOf(Claim.Claimed.class);
            requests.complete(engine.business, "key-1", new StoredResponse(201, "{\"id\":\"entg_1\"}"));
        }

        @Test
        void answers_the_same_request_again_with_the_stored_response() {
            completed();

            assertThat(requests.claim(engine.business, "key-1", "POST /grants body-a", TTL))
                    .isEqualTo(new Claim.Replay(new StoredResponse(201, "{\"id\":\"entg_1\"}")));
        }

        @Test
        void tells_a_different_request_with_the_key_that_it_is_a_mismatch() {
            completed();

            assertThat(requests.claim(engine.business, "key-1", "POST /grants body-b", TTL)).isInstanceOf(Claim.Mismatch.class);
        }

        @Test
        void is_forgotten_after_its_time_to_live_on_the_engine_clock() {
            completed();
            engine.clock.advance(TTL.plusSeconds(1));

            assertThat(requests.claim(engine.business, "key-1", "POST /grants body-b", TTL)).isInstanceOf(Claim.Claimed.class);
        }

        @Test
        void belongs_to_its_business_only() {
            completed();
            var other = engine.grantor.access().createBusiness("Other").get().id();

            assertThat(requests.claim(other, "key-1", "POST /grants body-b", TTL)).isInstanceOf(Claim.Claimed.class);
        }
    }

    @Nested
    class A_key_claimed_but_not_completed {

        @Test
        void is_in_progress_for_another_request() {
            requests.claim(engine.business, "key-2", "POST /grants body", TTL);

            assertThat(requests.claim(engine.business, "key-2", "POST /grants body", TTL)).isInstanceOf(Claim.InProgress.class);
        }

        @Test
        void can_be_claimed_again_once_released() {
            requests.claim(engine.business, "key-2", "POST /grants body", TTL);
            requests.release(engine.business, "key-2");

            assertThat(requests.claim(engine.business, "key-2", "POST /grants body", TTL)).isInstanceOf(Claim.Claimed.class);
        }

        @Test
        void is_taken_over_by_the_same_request_once_its_node_must_have_stopped_before_storing_the_answer() {
            requests.claim(engine.business, "key-2", "POST /grants body", TTL);

            engine.clock.advance(IdempotentRequestsService.ABANDONED_AFTER.minusSeconds(1));
            assertThat(requests.claim(engine.business, "key-2", "POST /grants body", TTL)).isInstanceOf(Claim.InProgress.class);
            engine.clock.advance(Duration.ofSeconds(1));
            assertThat(requests.claim(engine.business, "key-2", "POST /grants body", TTL)).isInstanceOf(Claim.Claimed.class);
        }
    }
}
