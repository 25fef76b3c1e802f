package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.background.PollingLoop.Stopping;
import io.vavr.control.Option;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PollingLoopTest {

    private final RecordingLogger log = new RecordingLogger();
    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Stopping PLAIN = new Stopping(Duration.ofSeconds(1), Option.none());

    private final AtomicInteger passes = new AtomicInteger();
    private PollingLoop loop;

    @AfterEach
    void stopTheLoop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    private PollingLoop loop(IntSupplier pass, int fullPass, Duration pollInterval, Stopping stopping) {
        loop = new PollingLoop("grantor-test-loop", "test pass", log, pass, fullPass, pollInterval, stopping);
        return loop;
    }

    /** A pass that handles nothing, counting how often it ran. */
    private int idlePass() {
        passes.incrementAndGet();
        return 0;
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(2)).until(condition::getAsBoolean);
    }

    @Nested
    class When_started {

        @Test
        void starting_twice_runs_one_loop_on_a_named_virtual_thread() throws Exception {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            var started = loop(() -> {
                threads.add(Thread.currentThread());
                passes.incrementAndGet();
                return 0;
            }, 1, Duration.ofMillis(1), PLAIN);

            started.start();
            started.start();
            await(() -> passes.get() >= 20, Duration.ofSeconds(10), "20 passes");

            assertThat(started.isRunning()).isTrue();
            assertThat(threads).singleElement().satisfies(thread -> {
                assertThat(thread.isVirtual()).isTrue();
                assertThat(thread.getName()).isEqualTo("grantor-test-loop");
            });
        }

        @Test
        void a_nudge_wakes_a_loop_parked_for_its_long_poll_interval() throws Exception {
            var started = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR, PLAIN);
            started.start();
            await(() -> passes.get() == 1, Duration.ofSeconds(10), "the first pass");

            started.nudge();
            started.nudge();

            await(() -> passes.get() >= 2, Duration.ofSeconds(2), "a pass after the nudge");
        }

        @Test
        void a_full_pass_is_followed_at_once_by_another_and_a_short_one_parks() throws Exception {
            var started = loop(() -> passes.incrementAndGet() <= 3 ? 10 : 9, 10, AN_HOUR, PLAIN);

            started.start();
            await(() -> passes.get() >= 4, Duration.ofSeconds(10), "three full passes and a short one");
            Thread.sleep(50);

            assertThat(passes.get()).isEqualTo(4);
        }

        @Test
        void a_throwing_pass_is_logged_with_its_causes_classes_and_no_message() throws Exception {
            var started = loop(() -> {
                if (passes.incrementAndGet() <= 1) {
                    throw new IllegalStateException("KEY-SECRET-1234", new java.io.UncheckedIOException("ada@example.com",
                            new java.net.ConnectException("refused")));
                }
                return 0;
            }, 1, Duration.ofMillis(1), PLAIN);

            started.start();

            await(() -> passes.get() >= 3, Duration.ofSeconds(10), "passes after the failed one");
            assertThat(log.lines).containsExactly("WARNING test pass failed: java.lang.IllegalStateException, caused by "
                    + "java.io.UncheckedIOException, caused by java.net.ConnectException");
        }

        @Test
        void a_throwing_pass_is_logged_by_its_exception_class_alone_and_the_loop_goes_on() throws Exception {
            var started = loop(() -> {
                if (passes.incrementAndGet() <= 2) {
                    throw new IllegalStateException("KEY-SECRET-1234 must never be logged");
                }
                return 0;
            }, 1, Duration.ofMillis(1), PLAIN);

            started.start();

            await(() -> passes.get() >= 5, Duration.ofSeconds(10), "passes after two failed ones");
            assertThat(started.isRunning()).isTrue();
            assertThat(log.lines).containsExactly(
                    "WARNING test pass failed: java.lang.IllegalStateException",
                    "WARNING test pass failed: java.lang.IllegalStateException");
        }
    }

    @Nested
    class When_stopped {

        @Test
        void stop_lets_the_current_pass_finish_and_answers_true() throws Exception {
            var entered = new CountDownLatch(1);
            var finished = new AtomicBoolean();
            var interrupted = new AtomicBoolean();
            var started = loop(() -> {
                entered.countDown();
                try {
                    Thread.sleep(100);
                    finished.set(true);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return 0;
            }, 1, AN_HOUR, PLAIN);
            started.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(started.stop(Duration.ofSeconds(5))).isTrue();

            assertThat(finished).isTrue();
            assertThat(interrupted).isFalse();
            assertThat(started.isRunning()).isFalse();
        }

        @Test
        void stopping_a_loop_that_never_started_answers_true_at_once() {
            var never = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR, PLAIN);

            never.nudge();

            assertThat(never.stop(Duration.ofSeconds(5))).isTrue();
            assertThat(never.isRunning()).isFalse();
            assertThat(passes.get()).isZero();
        }

        @Test
        void stopping_twice_answers_true_the_second_time_and_no_pass_runs_after() throws Exception {
            var started = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR, PLAIN);
            started.start();
            await(() -> passes.get() == 1, Duration.ofSeconds(10), "the first pass");

            assertThat(started.stop(Duration.ofSeconds(5))).isTrue();
            started.nudge();
            Thread.sleep(20);

            assertThat(started.stop(Duration.ofSeconds(1))).isTrue();
            assertThat(passes.get()).isEqualTo(1);
        }

        @Test
        void a_pass_that_outlives_the_grace_is_interrupted_and_stop_answers_false() throws Exception {
            var entered = new CountDownLatch(1);
            var interrupted = new CountDownLatch(1);
            var started = loop(() -> {
                entered.countDown();
                try {
                    Thread.sleep(AN_HOUR);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return 0;
            }, 1, AN_HOUR, PLAIN);
            started.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(started.stop(Duration.ofMillis(20))).isFalse();

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Nested
    class With_work_handed_off {

        @Test
        void stop_waits_for_it_with_what_is_left_of_the_grace_and_answers_what_it_says() throws Exception {
            var graces = new CopyOnWriteArrayList<Duration>();
            var started = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR, new Stopping(Duration.ZERO, Option.some(grace -> {
                graces.add(grace);
                return false;
            })));
            started.start();
            await(() -> passes.get() == 1, Duration.ofSeconds(10), "the first pass");

            assertThat(started.stop(Duration.ofSeconds(3))).isFalse();

            assertThat(graces).singleElement().satisfies(left ->
                    assertThat(left).isLessThanOrEqualTo(Duration.ofSeconds(3)).isGreaterThan(Duration.ofSeconds(2)));
        }

        @Test
        void stop_answers_true_when_it_settled() throws Exception {
            var started = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR,
                    new Stopping(Duration.ZERO, Option.some(grace -> true)));
            started.start();
            await(() -> passes.get() == 1, Duration.ofSeconds(10), "the first pass");

            assertThat(started.stop(Duration.ofSeconds(3))).isTrue();
        }

        @Test
        void a_loop_that_never_started_does_not_wait_for_it() {
            var waited = new AtomicBoolean();
            var never = loop(PollingLoopTest.this::idlePass, 1, AN_HOUR,
                    new Stopping(Duration.ZERO, Option.some(grace -> !waited.getAndSet(true))));

            assertThat(never.stop(Duration.ofSeconds(3))).isTrue();
            assertThat(waited).isFalse();
        }
    }

    @Nested
    class When_built {

        @Test
        void a_full_pass_of_no_items_is_rejected() {
            assertThatThrownBy(() -> loop(PollingLoopTest.this::idlePass, 0, AN_HOUR, PLAIN))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_negative_poll_interval_is_rejected() {
            assertThatThrownBy(() -> loop(PollingLoopTest.this::idlePass, 1, Duration.ofMillis(-1), PLAIN))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_negative_late_wait_is_rejected() {
            assertThatThrownBy(() -> new Stopping(Duration.ofMillis(-1), Option.none()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Keeps what was logged, to show that a failed pass leaves no payload in the log. */
    private static final class RecordingLogger implements System.Logger {

        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level + " " + message + (thrown == null ? "" : " " + thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
        }
    }
}
