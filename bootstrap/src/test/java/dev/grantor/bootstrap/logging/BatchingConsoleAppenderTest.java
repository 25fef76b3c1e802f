package dev.grantor.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.status.Status;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");

    @TempDir
    Path dir;

    {
        // the adapter SLF4J's MDC writes to, as in the process's own context
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    private final List<RecordingStream> streams = new ArrayList<>();

    @AfterEach
    void stopContext() throws IOException {
        context.stop();
        for (RecordingStream stream : streams) {
            stream.close();
        }
    }

    @Test
    void lines_from_many_threads_are_all_written_once_each_in_the_order_its_thread_logged_them() throws Exception {
        var stream = stream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        int threads = 16;
        int lines = 2_000;
        logFrom(threads, lines);
        appender.stop();

        assertEachThreadsLinesInOrder(stream.text(), threads, lines);
        assertThat(stream.writes()).as("writes for %d lines", threads * lines).isLessThan(threads * lines / 10);
    }

    @Test
    void under_steady_load_the_loggers_wake_the_writer_rarely_not_once_a_line() throws Exception {
        var stream = stream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        int threads = 16;
        int lines = 625;
        logFrom(threads, lines);
        appender.stop();

        assertEachThreadsLinesInOrder(stream.text(), threads, lines);
        assertThat(appender.wakeUps()).as("wake-ups for %d lines, in %d writes", threads * lines, stream.writes())
                .isLessThan(threads * lines / 100);
        assertThat(stream.writes()).as("writes for %d lines", threads * lines).isLessThan(threads * lines / 10);
    }

    @Test
    void the_first_line_after_a_quiet_spell_wakes_the_idle_writer_and_is_written_at_once() throws Exception {
        var stream = stream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        await().atMost(Duration.ofSeconds(5)).until(appender::writerIdle);
        logger.info("first");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().equals("first\n"));
        // one empty drain after its interval and the writer sleeps without a deadline: only a line can wake it
        await().atMost(Duration.ofSeconds(5)).until(appender::writerIdle);
        Thread.sleep(200);
        assertThat(appender.writerIdle()).isTrue();

        long before = System.nanoTime();
        logger.info("after a quiet spell");
        await().atMost(Duration.ofSeconds(2)).until(() -> stream.text().equals("first\nafter a quiet spell\n"));
        long millis = Duration.ofNanos(System.nanoTime() - before).toMillis();

        assertThat(appender.wakeUps()).as("one wake-up per quiet spell (written after %d ms)", millis).isEqualTo(2);
        assertThat(stream.writers()).containsExactly("grantor-log-writer");
        appender.stop();
    }

    @Test
    void a_resting_writer_is_woken_by_a_queue_at_its_high_water_mark_and_not_before() throws Exception {
        var stream = stream();
        // queue of 8: the high-water mark is 4; a drain interval longer than the test, so only a wake-up drains
        var appender = started(stream, 8, "%msg%n", 60_000);
        appender.startBatching();
        await().atMost(Duration.ofSeconds(5)).until(appender::writerIdle);
        logger.info("line 0");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().equals("line 0\n") && appender.writerResting());
        assertThat(appender.wakeUps()).isEqualTo(1);

        for (int i = 1; i <= 3; i++) {
            logger.info("line {}", i);
        }
        Thread.sleep(300);
        assertThat(stream.text()).as("three lines below the mark wait for the drain interval").isEqualTo("line 0\n");
        assertThat(appender.wakeUps()).isEqualTo(1);

        logger.info("line 4");
        await().atMost(Duration.ofSeconds(2))
                .until(() -> stream.text().equals("line 0\nline 1\nline 2\nline 3\nline 4\n"));
        assertThat(appender.wakeUps()).isEqualTo(2);
        assertThat(stream.writes()).as("the four lines in one write").isEqualTo(2);
        appender.stop();
    }

    @Test
    void lines_queued_while_the_stream_is_busy_go_out_together_in_one_write() throws Exception {
        var firstWriteEntered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var stream = new RecordingStream(dir.resolve("stderr")) {
            @Override
            void beforeWrite(int write) {
                if (write == 0) {
                    firstWriteEntered.countDown();
                    awaitQuietly(release);
                }
            }
        };
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        logger.info("first");
        assertThat(firstWriteEntered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            logger.info("queued {}", i);
        }
        release.countDown();
        appender.stop();

        assertThat(stream.writes()).isEqualTo(2);
        assertThat(stream.writeSizes().get(1)).isEqualTo(stream.text().length() - "first\n".length());
        assertThat(stream.text().lines()).hasSize(101).startsWith("first", "queued 0").endsWith("queued 99");
        assertThat(appender.wakeUps()).as("only the first line may have found the writer idle").isLessThanOrEqualTo(1);
    }

    @Test
    void stop_returns_only_once_every_accepted_line_is_in_the_stream() throws Exception {
        var firstWriteEntered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var stream = new RecordingStream(dir.resolve("stderr")) {
            @Override
            void beforeWrite(int write) {
                firstWriteEntered.countDown();
                awaitQuietly(release);
            }
        };
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        logger.info("line 0");
        assertThat(firstWriteEntered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 500; i++) {
            logger.info("line {}", i);
        }

        var stopping = CompletableFuture.runAsync(appender::stop);
        Thread.sleep(300);
        assertThat(stopping).as("stop waits for the stream").isNotDone();
        release.countDown();
        stopping.get(10, TimeUnit.SECONDS);

        assertThat(stream.text().lines()).hasSize(500).startsWith("line 0", "line 1").endsWith("line 499");
        assertThat(appender.isStarted()).isFalse();
        appender.stop();
        assertThat(stream.text().lines()).as("a second stop writes nothing again").hasSize(500);
    }

    @Test
    void stop_writes_the_lines_of_a_resting_writer_at_once() throws Exception {
        var stream = stream();
        // a drain interval longer than the test: only stop() can make these lines reach the stream in time
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE, "%msg%n", 60_000);
        appender.startBatching();
        logger.info("line 0");
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().equals("line 0\n") && appender.writerResting());
        for (int i = 1; i < 100; i++) {
            logger.info("line {}", i);
        }
        assertThat(stream.text()).isEqualTo("line 0\n");

        CompletableFuture.runAsync(appender::stop).get(5, TimeUnit.SECONDS);

        assertThat(stream.text().lines()).containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void a_full_queue_makes_the_logging_thread_write_the_queued_lines_and_its_own_itself_and_drops_nothing() throws Exception {
        var release = new CountDownLatch(1);
        var stream = new RecordingStream(dir.resolve("stderr")) {
            @Override
            void beforeWrite(int write) {
                awaitQuietly(release);
            }
        };
        var appender = started(stream, 4);
        appender.startBatching();
        await().atMost(Duration.ofSeconds(5)).until(appender::writerIdle);
        var logged = new AtomicInteger();
        var logging = Thread.ofPlatform().name("request-1").daemon().start(() -> {
            for (int i = 0; i < 10; i++) {
                logger.info("line {}", i);
                logged.incrementAndGet();
            }
        });

        // the writer is stuck writing line 0 (a stderr nobody reads), lines 1 to 4 fill the queue, and line 5 is
        // written by the logging thread itself: it waits for the stream, as with ConsoleAppender, but loses nothing
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> logging.getState() == Thread.State.WAITING);
            int accepted = logged.get();
            Thread.sleep(300);
            assertThat(logged).as("still waiting for the stream").hasValue(accepted);
            // the writer took line 0, or a few if the logging thread was quicker to queue them, or none if it had not
            // run yet (then line 4 found the queue full and the logging thread wrote lines 0 to 4 itself)
            assertThat(accepted).isBetween(4, 9);
            assertThat(appender.writtenByLoggingThreads()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        logging.join(Duration.ofSeconds(10));
        appender.stop();
        assertThat(stream.text().lines()).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "line " + i).toList());
        assertThat(stream.writers()).contains("request-1");
    }

    @Test
    void a_failing_write_is_reported_once_and_later_lines_are_still_written() throws Exception {
        var failing = new AtomicInteger(2);
        var stream = new RecordingStream(dir.resolve("stderr")) {
            @Override
            void beforeWrite(int write) throws IOException {
                if (failing.getAndDecrement() > 0) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        logger.info("lost 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.get() == 1);
        logger.info("lost 2");
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.get() == 0);
        logger.info("after the failure");
        appender.stop();

        assertThat(stream.text()).isEqualTo("after the failure\n");
        assertThat(stream.writers()).as("the writer thread lived on").containsExactly("grantor-log-writer");
        List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == Status.ERROR).toList();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getMessage()).startsWith("writing log lines to stderr failed");
            assertThat(error.getThrowable()).hasMessage("Broken pipe");
        });
    }

    @Test
    void before_batching_each_line_is_written_by_the_thread_that_logs_it_before_the_call_returns() {
        var stream = stream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);

        logger.info("at once");

        assertThat(stream.text()).isEqualTo("at once\n");
        assertThat(stream.writers()).containsExactly(Thread.currentThread().getName());
        appender.stop();
    }

    @Test
    void a_queued_line_keeps_the_mdc_and_thread_of_the_moment_it_was_logged() throws Exception {
        var stream = stream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE, "%X{request_id} [%thread] %msg%n",
                BatchingConsoleAppender.DEFAULT_DRAIN_INTERVAL_MILLIS);
        appender.startBatching();
        var logging = Thread.ofPlatform().name("request-7").start(() -> {
            MDC.put("request_id", "req-7");
            logger.info("answered");
            MDC.remove("request_id");
        });
        logging.join();
        appender.stop();

        assertThat(stream.text()).isEqualTo("req-7 [request-7] answered\n");
        assertThat(stream.writers()).containsExactly("grantor-log-writer");
    }

    private void logFrom(int threads, int lines) throws InterruptedException {
        var loggers = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            loggers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < lines; i++) {
                    logger.info("t{} {}", thread, i);
                }
            }));
        }
        for (Thread thread : loggers) {
            thread.join();
        }
    }

    private static void assertEachThreadsLinesInOrder(String text, int threads, int lines) {
        Map<String, List<Integer>> byThread = new HashMap<>();
        for (String line : text.lines().toList()) {
            String[] parts = line.split(" ");
            byThread.computeIfAbsent(parts[0], key -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(byThread).hasSize(threads);
        var inOrder = IntStream.range(0, lines).boxed().toList();
        byThread.forEach((thread, numbers) -> assertThat(numbers).as(thread).isEqualTo(inOrder));
    }

    private RecordingStream stream() {
        return new RecordingStream(dir.resolve("stderr"));
    }

    private BatchingConsoleAppender started(OutputStream stream, int queueSize) {
        return started(stream, queueSize, "%msg%n", BatchingConsoleAppender.DEFAULT_DRAIN_INTERVAL_MILLIS);
    }

    private BatchingConsoleAppender started(OutputStream stream, int queueSize, String pattern, long drainIntervalMillis) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        var appender = new BatchingConsoleAppender(stream);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setDrainIntervalMillis(drainIntervalMillis);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        logger.setAdditive(false);
        logger.addAppender(appender);
        return appender;
    }

    /** As a write(2) to a full pipe waits: an interrupt does not end it. */
    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A file, as stderr redirected by an operator: what reached it, write by write, and which thread wrote each. A
     * test may make a write wait (a stderr nobody reads) or fail (a closed pipe) before it reaches the file.
     */
    class RecordingStream extends OutputStream {
        private final Path file;
        private final FileOutputStream out;
        private final List<Integer> sizes = new ArrayList<>();
        private final List<String> writers = new ArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();

        RecordingStream(Path file) {
            this.file = file;
            streams.add(this);
            try {
                this.out = new FileOutputStream(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void beforeWrite(int write) throws IOException {}

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(attempts.getAndIncrement());
            synchronized (this) {
                out.write(b, off, len);
                sizes.add(len);
                writers.add(Thread.currentThread().getName());
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        synchronized String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized int writes() {
            return sizes.size();
        }

        synchronized List<Integer> writeSizes() {
            return List.copyOf(sizes);
        }

        synchronized List<String> writers() {
            return writers.stream().distinct().toList();
        }
    }
}
