package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.TokenBuckets.Decision;
import dev.grantor.application.memory.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Nested
    class Under_heavy_concurrency {

        /**
         * 128 threads take 20 tokens each from one bucket of 100 refilled at 10/s, on a clock that moves 1 ms per read
         * (2,560 reads: 2.559 s between the first and the last). Refill may count each moment once only, so exactly
         * 100 + floor(10 x 2.559) = 125 are allowed, whatever order the threads run in.
         */
        @Test
        void lets_through_exactly_the_capacity_plus_the_refill_of_the_time_that_passed() throws Exception {
            var clock = new SteppingClock(Duration.ofMillis(1), Duration.ofNanos(200_000));
            var shared = new TokenBuckets(new RateLimit(100, 10), clock);
            int threads = 128;
            int each = 20;
            var allowed = new AtomicInteger();
            var start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(threads)) {
                var done = new ArrayList<Future<?>>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            if (shared.take("flooded") instanceof Decision.Allowed) {
                                allowed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var future : done) {
                    future.get();
                }
            }

            assertThat(clock.reads()).isEqualTo(threads * each);
            long elapsedMillis = clock.reads() - 1;
            assertThat(allowed.get()).isEqualTo(100 + (int) Math.floor(10 * elapsedMillis / 1000.0)).isEqualTo(125);
        }
    }
}
