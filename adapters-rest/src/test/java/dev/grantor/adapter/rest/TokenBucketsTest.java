package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.TokenBuckets.Decision;
import dev.grantor.application.memory.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final MutableClock clock = new MutableClock();
    private final TokenBuckets buckets = new TokenBuckets(new RateLimit(3, 2), clock);

    @Nested
    class A_fresh_caller {

        @Test
        void may_spend_the_whole_capacity_at_once_and_no_more() {
            assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
            assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
            assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
            assertThat(buckets.take("k")).isInstanceOf(Decision.Refused.class);
        }

        @Test
        void does_not_spend_another_callers_tokens() {
            for (int i = 0; i < 3; i++) {
                buckets.take("busy");
            }
            assertThat(buckets.take("quiet")).isInstanceOf(Decision.Allowed.class);
        }
    }

    @Nested
    class An_empty_bucket {

        @Test
        void says_how_long_until_the_next_token_and_refills_at_the_rate() {
            for (int i = 0; i < 3; i++) {
                buckets.take("k");
            }
            var refused = (Decision.Refused) buckets.take("k");
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

            clock.advance(Duration.ofMillis(500));
            assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
            assertThat(buckets.take("k")).isInstanceOf(Decision.Refused.class);
        }

        @Test
        void refused_requests_do_not_dig_it_deeper() {
            for (int i = 0; i < 10; i++) {
                buckets.take("k");
            }
            clock.advance(Duration.ofMillis(500));
            assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
        }

        @Test
        void never_refills_beyond_its_capacity() {
            clock.advance(Duration.ofHours(1));
            for (int i = 0; i < 3; i++) {
                assertThat(buckets.take("k")).isInstanceOf(Decision.Allowed.class);
            }
            assertThat(buckets.take("k")).isInstanceOf(Decision.Refused.class);
        }
    }
}
