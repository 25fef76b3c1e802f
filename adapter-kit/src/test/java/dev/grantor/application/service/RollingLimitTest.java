package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.background.Retention;
import dev.grantor.application.memory.InMemoryStore;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The rolling limits of the portal and the console (code requests, sign-in tries, login links) on the in-memory store,
 * against generated attempt sequences: sometimes bursts, sometimes pauses longer than the span, and clients that come
 * back exactly when told to or a second too soon. Each answer is checked against a count of the attempts themselves,
 * not of the limit's windows:
 * <ul>
 *   <li>an attempt let through has at most {@code limit} attempts (itself and refused ones included) in the span that
 *       ends with it: no span of the limit's length ever lets more through, however the attempts fall on the clock;</li>
 *   <li>an attempt with at most {@code limit} attempts in the span a sixtieth longer that ends with it is let through;</li>
 *   <li>a refusal's wait is positive and at most a span and a sixtieth; an attempt made exactly that much later is let
 *       through, one made a second earlier is not.</li>
 * </ul>
 */
class RollingLimitTest {

    static final Instant T0 = Instant.parse("2026-12-05T09:59:31.250Z");

    record Attempt(Instant at, boolean through) {}

    @Test
    void generated_attempts_are_let_through_and_refused_as_a_count_of_the_attempts_says() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 5122026L).ints().range(0, 1_000_000).list(400 * 300).iterator();
        long refusals = 0;
        long comebacks = 0;
        for (int scenario = 0; scenario < 400; scenario++) {
            var span = Duration.ofSeconds(List.of(60L, 120L, 600L, 3600L).get(draws.next() % 4));
            int limit = 1 + draws.next() % 6;
            var rule = new RollingLimit(span, limit);
            var slack = span.dividedBy(RollingLimit.WINDOWS_PER_SPAN);
            var attempts = new ArrayList<Attempt>();
            int bucket = scenario;
            var store = new InMemoryStore();
            var now = T0.plusSeconds(draws.next() % 7200).plusMillis(draws.next() % 1000);
            Option<Duration> toldToWait = Option.none();
            int length = 10 + draws.next() % 60;
            for (int i = 0; i < length; i++) {
                boolean tooSoon = false;
                boolean comingBack = false;
                if (toldToWait.isDefined() && draws.next() % 3 == 0) {
                    tooSoon = draws.next() % 2 == 0;
                    comingBack = !tooSoon;
                    now = now.plus(toldToWait.get()).minusSeconds(tooSoon ? 1 : 0);
                } else {
                    now = now.plus(gap(draws, span));
                }
                var at = now;
                var answer = store.transactions().write(() -> {
                    var wait = rule.counted(store.throttles(), "bucket " + bucket, at);
                    store.throttles().forgetBefore(at.minus(RollingLimit.KEPT), Retention.CHUNK);
                    return Either.right(wait);
                }).get();
                store.transactions().write(() -> Either.right(rule.counted(store.throttles(), "neighbour of " + bucket, at)));
                attempts.add(new Attempt(at, answer.isEmpty()));
                java.util.function.Supplier<String> scene = () -> "span " + span + ", limit " + limit + ", attempts " + attempts;
                long inSpan = attemptsIn(attempts, at.minus(span), at);
                long inLongerSpan = attemptsIn(attempts, at.minus(span).minus(slack), at);
                if (answer.isEmpty()) {
                    assertThat(inSpan).as(() -> "let through with more in the span ending at it: " + scene.get()).isLessThanOrEqualTo(limit);
                } else {
                    refusals++;
                    assertThat(inLongerSpan).as(() -> "refused though a span and a sixtieth holds no more: " + scene.get())
                            .isGreaterThan(limit);
                    assertThat(answer.get()).as(() -> "wait: " + scene.get()).isPositive().isLessThanOrEqualTo(span.plus(slack));
                }
                if (comingBack) {
                    comebacks++;
                    assertThat(answer.isEmpty()).as(() -> "came back when told: " + scene.get()).isTrue();
                }
                if (tooSoon) {
                    assertThat(answer.isDefined()).as(() -> "came back a second too soon: " + scene.get()).isTrue();
                }
                toldToWait = answer;
            }
        }
        assertThat(refusals).as("the sequences reach the limits").isGreaterThan(1_000);
        assertThat(comebacks).as("clients come back when told").isGreaterThan(200);
    }

    /** Mostly bursts within a window or two, now and then most of a span, and a long pause. */
    private static Duration gap(Iterator<Integer> draws, Duration span) {
        int kind = draws.next() % 10;
        long millis = span.toMillis();
        return Duration.ofMillis(switch (kind) {
            case 0, 1, 2, 3, 4 -> draws.next() % (2 * millis / RollingLimit.WINDOWS_PER_SPAN + 1);
            case 5, 6, 7, 8 -> draws.next() % (millis / 2);
            default -> millis + draws.next() % millis;
        });
    }

    /** The attempts, let through or not, in (from, to]. */
    private static long attemptsIn(List<Attempt> attempts, Instant from, Instant to) {
        return attempts.stream().filter(a -> a.at().isAfter(from) && !a.at().isAfter(to)).count();
    }
}
