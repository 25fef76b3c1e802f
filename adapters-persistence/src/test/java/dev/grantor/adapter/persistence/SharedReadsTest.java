package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * Callers arriving together share a read, each gets the answer to its own question, no read starts before any of its
 * callers arrived, no more reads are out at once than the lanes, none answers more than the most, and a failed read
 * fails only its own callers.
 */
class SharedReadsTest {

    @Test
    void a_lone_caller_reads_at_once_and_alone() {
        var asked = Collections.synchronizedList(new ArrayList<List<Integer>>());
        var reads = new SharedReads<Integer, String>(questions -> {
            asked.add(questions);
            return questions.stream().map(q -> "answer " + q).toList();
        }, 1, 64);

        assertThat(reads.read(7)).isEqualTo("answer 7");
        assertThat(reads.read(8)).isEqualTo("answer 8");
        assertThat(asked).containsExactly(List.of(7), List.of(8));
    }

    @Test
    void callers_arriving_while_the_lane_is_out_share_the_next_read_and_each_gets_its_own_answer() throws Exception {
        var firstIsOut = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var asked = Collections.synchronizedList(new ArrayList<List<Integer>>());
        var reads = new SharedReads<Integer, String>(questions -> {
            asked.add(questions);
            if (asked.size() == 1) {
                firstIsOut.countDown();
                await(release);
            }
            return questions.stream().map(q -> "answer " + q).toList();
        }, 1, 64);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = threads.submit(() -> reads.read(0));
            await(firstIsOut);
            var others = new ArrayList<Future<String>>();
            for (int q = 1; q <= 10; q++) {
                int question = q;
                others.add(threads.submit(() -> reads.read(question)));
            }
            while (reads.waiting() < 10) {
                Thread.sleep(1);
            }
            release.countDown();

            assertThat(first.get()).isEqualTo("answer 0");
            for (int q = 1; q <= 10; q++) {
                assertThat(others.get(q - 1).get()).isEqualTo("answer " + q);
            }
        }
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(reads.reads()).isEqualTo(2);
        assertThat(reads.answered()).isEqualTo(11);
    }

    @Test
    void a_failed_read_fails_its_own_callers_and_the_next_caller_still_reads() throws Exception {
        var firstIsOut = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var calls = new AtomicInteger();
        var reads = new SharedReads<Integer, String>(questions -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstIsOut.countDown();
                await(release);
                throw new IllegalStateException("the database went away");
            }
            return questions.stream().map(q -> "answer " + q).toList();
        }, 1, 2);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = threads.submit(() -> reads.read(0));
            await(firstIsOut);
            var later = new ArrayList<Future<String>>();
            for (int q = 1; q <= 5; q++) {
                int question = q;
                later.add(threads.submit(() -> reads.read(question)));
            }
            while (reads.waiting() < 5) {
                Thread.sleep(1);
            }
            release.countDown();

            assertThatThrownBy(first::get).hasRootCauseMessage("the database went away");
            for (int q = 1; q <= 5; q++) {
                assertThat(later.get(q - 1).get()).isEqualTo("answer " + q);
            }
        }
        assertThat(reads.reads()).as("the failed read, then the five in reads of at most two").isEqualTo(4);
    }

    @Test
    void a_reader_answering_the_wrong_number_fails_every_caller_of_that_read() {
        var reads = new SharedReads<Integer, String>(questions -> List.of(), 1, 4);

        assertThatThrownBy(() -> reads.read(1)).hasMessage("a shared read answered 0 of 1 questions");
        assertThat(reads.reads()).isEqualTo(1);
    }

    /** Generated runs: how many callers, lanes, the most a read answers, and how long each read takes. */
    record Run(int callers, int lanes, int most, int readMicros) {}

    @Test
    void generated_runs_answer_every_caller_its_own_question_from_a_read_that_began_after_it_arrived() throws Exception {
        var runs = Instancio.ofList(Run.class).size(30)
                .supply(all(Run.class), r -> new Run(r.intRange(1, 200), r.intRange(1, 4), r.intRange(1, 70), r.intRange(0, 300)))
                .withSeed(47).create();
        for (var run : runs) {
            var clock = new AtomicLong();
            var out = new AtomicInteger();
            var mostOut = new AtomicInteger();
            var late = Collections.synchronizedList(new ArrayList<String>());
            var biggest = new AtomicInteger();
            long[] arrived = new long[run.callers()];
            var reads = new SharedReads<Integer, Integer>(questions -> {
                mostOut.accumulateAndGet(out.incrementAndGet(), Math::max);
                biggest.accumulateAndGet(questions.size(), Math::max);
                long began = clock.incrementAndGet();
                for (int q : questions) {
                    if (arrived[q] >= began) {
                        late.add("caller " + q + " arrived at " + arrived[q] + ", its read began at " + began);
                    }
                }
                spin(run.readMicros());
                out.decrementAndGet();
                return questions.stream().map(q -> q * 10).toList();
            }, run.lanes(), run.most());
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var answers = new ArrayList<Future<Integer>>();
                for (int q = 0; q < run.callers(); q++) {
                    int question = q;
                    answers.add(threads.submit(() -> {
                        arrived[question] = clock.incrementAndGet();
                        return reads.read(question);
                    }));
                }
                for (int q = 0; q < run.callers(); q++) {
                    assertThat(answers.get(q).get(10, TimeUnit.SECONDS)).as("%s, caller %d", run, q).isEqualTo(q * 10);
                }
            }
            assertThat(late).as("%s", run).isEmpty();
            assertThat(mostOut.get()).as("reads out at once in %s", run).isLessThanOrEqualTo(run.lanes());
            assertThat(biggest.get()).as("the biggest read in %s", run).isLessThanOrEqualTo(run.most());
            assertThat(reads.answered()).as("%s", run).isEqualTo(run.callers());
        }
    }

    @Test
    void lanes_and_most_must_be_positive() {
        assertThatThrownBy(() -> new SharedReads<Integer, Integer>(q -> q, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedReads<Integer, Integer>(q -> q, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void spin(int micros) {
        long until = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
