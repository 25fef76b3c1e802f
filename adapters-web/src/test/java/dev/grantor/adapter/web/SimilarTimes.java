package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/**
 * Whether two kinds of request (an account's address and a stranger's) are answered in a similar time, so that the time
 * tells nothing the answer does not. Compared by their lower quartiles: a loaded machine only ever adds time, at
 * random to either side, while work done for one kind only (a mail sent in the request, say) adds to each of its
 * requests. Similar: within 25 ms (or a closer bound the caller has measured it can keep) or half the slower, whichever
 * is more.
 */
public final class SimilarTimes {

    private static final Duration WITHIN = Duration.ofMillis(25);

    private SimilarTimes() {}

    public static void assertSimilar(String what, String first, List<Long> firstNanos, String second, List<Long> secondNanos) {
        assertSimilar(what, first, firstNanos, second, secondNanos, WITHIN);
    }

    public static void assertSimilar(String what, String first, List<Long> firstNanos, String second, List<Long> secondNanos,
                                     Duration within) {
        long a = lowerQuartile(firstNanos);
        long b = lowerQuartile(secondNanos);
        System.out.printf("%s lower quartiles: %s %.1f ms, %s %.1f ms%n", what, first, a / 1e6, second, b / 1e6);
        assertThat(Math.abs(a - b)).as("%s lower quartiles: %s %d ns, %s %d ns", what, first, a, second, b)
                .isLessThan(Math.max(within.toNanos(), Math.max(a, b) / 2));
    }

    private static long lowerQuartile(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 4);
    }
}
