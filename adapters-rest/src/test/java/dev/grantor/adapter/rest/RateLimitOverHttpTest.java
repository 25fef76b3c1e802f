package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A flood of one API key over real sockets. The server's rate-limit clock is a {@link SteppingClock}: it moves 1 ms
 * per read, and only the key's bucket reads it, so the time that passed is exact however slowly a loaded machine runs
 * the threads, and so is the bound.
 */
class RateLimitOverHttpTest {

    @Test
    void a_flood_of_128_threads_gets_exactly_the_capacity_plus_the_refill_and_429_for_the_rest() throws Exception {
        var clock = new SteppingClock(Duration.ofMillis(1), Duration.ofNanos(200_000));
        int threads = 128;
        int each = 5;
        try (var server = new ApiServer(settings -> settings.withClock(clock)
                .withRateLimits(new RateLimit(100, 10), new RateLimit(100_000, 100_000)), null)) {
            var ok = new AtomicInteger();
            var limited = new AtomicInteger();
            var other = new AtomicInteger();
            var start = new CountDownLatch(1);
            try (var pool = Executors.newFixedThreadPool(threads)) {
                var done = new ArrayList<Future<?>>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            var response = server.get("/entitlements", server.a.readKey());
                            switch (response.status()) {
                                case 200 -> ok.incrementAndGet();
                                case 429 -> {
                                    assertThat(response.code()).isEqualTo("RATE_LIMITED");
                                    limited.incrementAndGet();
                                }
                                default -> other.incrementAndGet();
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

            assertThat(other.get()).isZero();
            assertThat(clock.reads()).isEqualTo(threads * each);
            // 640 reads, 0.639 s between the first and the last: 100 + floor(10 x 0.639)
            assertThat(ok.get()).isEqualTo(100 + (int) Math.floor(10 * (clock.reads() - 1) / 1000.0)).isEqualTo(106);
            assertThat(limited.get()).isEqualTo(threads * each - 106);
        }
    }
}
