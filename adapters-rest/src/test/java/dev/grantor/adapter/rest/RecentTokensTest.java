package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The proven keys a limit lets through while it refuses guesses: bounded however many keys work, and full, it forgets
 * the least recently proven first, so the keys in use lately stay proven.
 */
class RecentTokensTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RecentTokens recent = new RecentTokens(nanos::get);

    private void prove(String digest) {
        nanos.addAndGet(1_000);
        recent.remember(digest);
    }

    @Test
    void more_keys_than_ten_thousand_in_an_hour_keep_every_one_proven() {
        // a desktop application with 25,000 installs that each validate at start-up, within the hour
        prove("first-install");
        for (int i = 0; i < 25_000; i++) {
            prove("install-" + i);
        }

        assertThat(recent.contains("first-install")).as("proven 25,000 keys ago, a few seconds before").isTrue();
        assertThat(recent.contains("install-0")).isTrue();
    }

    @Test
    void past_its_capacity_it_forgets_the_least_recently_proven_and_keeps_the_latest() {
        prove("early");
        for (int i = 0; i < RecentTokens.CAPACITY + 10; i++) {
            prove("flood-" + i);
        }
        prove("early");
        prove("late");

        assertThat(recent.size()).isLessThanOrEqualTo(RecentTokens.CAPACITY);
        assertThat(recent.contains("flood-0")).as("the least recently proven went").isFalse();
        assertThat(recent.contains("flood-" + (RecentTokens.CAPACITY + 9))).as("the latest stayed").isTrue();
        assertThat(recent.contains("early")).as("proven again after the flood").isTrue();
        assertThat(recent.contains("late")).isTrue();
        assertThat(recent.contains("flood-" + (RecentTokens.CAPACITY - RecentTokens.KEPT_AFTER_EVICTION + 100)))
                .as("one of the newest nine tenths when it evicted").isTrue();
    }

    @Test
    void a_digest_older_than_an_hour_is_no_longer_proven_and_goes_first() {
        prove("old");
        nanos.addAndGet(RecentTokens.REMEMBERED.plus(Duration.ofSeconds(1)).toNanos());
        assertThat(recent.contains("old")).isFalse();

        for (int i = 0; i < RecentTokens.CAPACITY; i++) {
            prove("new-" + i);
        }

        assertThat(recent.size()).as("the old one made room; no new one was dropped").isEqualTo(RecentTokens.CAPACITY);
        assertThat(recent.contains("new-0")).isTrue();
    }
}
