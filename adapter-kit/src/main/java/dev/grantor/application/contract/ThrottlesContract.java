package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Throttles;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

/** {@code Throttles}: counts per bucket and window, atomically, and forgets old windows. */
public abstract class ThrottlesContract extends PortContract {

    @Test
    void each_bucket_and_window_counts_on_its_own() {
        assertThat(counted("email:a", 0)).isEqualTo(1);
        assertThat(counted("email:a", 0)).isEqualTo(2);
        assertThat(counted("email:b", 0)).isEqualTo(1);
        assertThat(counted("email:a", 3600)).isEqualTo(1);
        assertThat(counted("email:a", 0)).isEqualTo(3);
    }

    @Test
    void a_count_in_a_unit_that_rolls_back_is_not_kept() {
        store.transactions().write(() -> {
            store.throttles().count("rolled", at(0));
            return Either.left("no");
        });

        assertThat(counted("rolled", 0)).isEqualTo(1);
    }

    @Test
    void of_32_racing_attempts_none_is_lost() {
        var outcomes = race(32, n -> counted("race", 0));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().map(Either::get).sorted().toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 32).boxed().toList());
    }

    @Test
    void the_windows_since_an_instant_are_those_of_the_bucket_that_started_then_or_later_oldest_first() {
        counted("email:a", 120);
        counted("email:a", 0);
        counted("email:a", 60);
        counted("email:a", 120);
        counted("email:b", 60);

        var windows = store.transactions().read(() -> store.throttles().windowsSince("email:a", at(60)));

        assertThat(windows).containsExactly(new Throttles.Window(at(60), 1), new Throttles.Window(at(120), 2));
    }

    @Test
    void windows_that_started_before_the_cutoff_are_forgotten() {
        counted("old", 0);
        counted("old", 0);
        counted("new", 60);

        assertThat(forgotten(at(60), 10)).isEqualTo(1);

        assertThat(counted("old", 0)).isEqualTo(1);
        assertThat(counted("new", 60)).isEqualTo(2);
    }

    @Test
    void old_windows_go_oldest_first_a_limit_at_a_time_and_the_cutoff_is_exclusive() {
        counted("b", 30);
        counted("a", 10);
        counted("c", 20);
        counted("d", 40);

        assertThat(forgotten(at(40), 2)).isEqualTo(2);
        assertThat(store.transactions().read(() -> store.throttles().windowsSince("b", at(0)))).as("the oldest went first")
                .containsExactly(new Throttles.Window(at(30), 1));
        assertThat(store.transactions().read(() -> store.throttles().windowsSince("a", at(0)))).isEmpty();
        assertThat(store.transactions().read(() -> store.throttles().windowsSince("c", at(0)))).isEmpty();
        assertThat(forgotten(at(1000), 0)).isZero();
        assertThat(forgotten(at(40), 10)).isEqualTo(1);
        assertThat(store.transactions().read(() -> store.throttles().windowsSince("d", at(0)))).as("the cutoff is exclusive")
                .containsExactly(new Throttles.Window(at(40), 1));
    }

    private int forgotten(java.time.Instant cutoff, int limit) {
        return store.transactions().write(() -> Either.<String, Integer>right(store.throttles().forgetBefore(cutoff, limit))).get();
    }

    private long counted(String bucket, long second) {
        return store.transactions().write(() -> Either.<String, Long>right(store.throttles().count(bucket, at(second)))).get();
    }
}
