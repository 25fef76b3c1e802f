package dev.grantor.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");

    {
        // the adapter SLF4J's MDC writes to, as in the process's own context
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void lines_from_many_threads_are_all_written_once_each_in_the_order_its_thread_logged_them() throws Exception {
        var stream = new RecordingStream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);
        appender.startBatching();
        int threads = 16;
        int lines = 2_000;
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
        appender.stop();

        Map<String, List<Integer>> byThread = new HashMap<>();
        for (String line : stream.text().lines().toList()) {
            String[] parts = line.split(" ");
            byThread.computeIfAbsent(parts[0], key -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(byThread).hasSize(threads);
        var inOrder = java.util.stream.IntStream.range(0, lines).boxed().toList();
        byThread.forEach((thread, numbers) -> assertThat(numbers).as(thread).isEqualTo(inOrder));
        assertThat(stream.writes()).as("writes for %d lines", threads * lines).isLessThan(threads * lines);
    }

    @Test
    void lines_queued_while_the_stream_is_busy_go_out_together_in_one_write() throws Exception {
        var firstWriteEntered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var stream = new RecordingStream() {
            @Override
            void beforeWrite(int write) throws IOException {
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
    }

    @Test
    void stop_returns_only_once_every_accepted_line_is_in_the_stream() throws Exception {
        var firstWriteEntered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var stream = new RecordingStream() {
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
    void a_full_queue_makes_the_logging_thread_wait_and_drops_nothing() throws Exception {
        var release = new CountDownLatch(1);
        var stream = new RecordingStream() {
            @Override
            void beforeWrite(int write) {
                awaitQuietly(release);
            }
        };
        var appender = started(stream, 2);
        appender.startBatching();
        var logged = new AtomicInteger();
        var logging = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 10; i++) {
                logger.info("line {}", i);
                logged.incrementAndGet();
            }
        });

        // the writer holds what it took before the write blocked, the queue two more: then the logging thread waits
        await().atMost(Duration.ofSeconds(10)).until(() -> logging.getState() == Thread.State.TIMED_WAITING);
        int accepted = logged.get();
        Thread.sleep(300);
        assertThat(logged).as("still waiting for room").hasValue(accepted);
        assertThat(accepted).isBetween(3, 5);
        assertThat(logging.isAlive()).isTrue();

        release.countDown();
        logging.join(Duration.ofSeconds(10));
        appender.stop();
        assertThat(stream.text().lines()).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5",
                "line 6", "line 7", "line 8", "line 9");
    }

    @Test
    void a_failing_write_is_reported_once_and_later_lines_are_still_written() throws Exception {
        var failing = new AtomicInteger(2);
        var stream = new RecordingStream() {
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
        var stream = new RecordingStream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE);

        logger.info("at once");

        assertThat(stream.text()).isEqualTo("at once\n");
        assertThat(stream.writers()).containsExactly(Thread.currentThread().getName());
        appender.stop();
    }

    @Test
    void a_queued_line_keeps_the_mdc_and_thread_of_the_moment_it_was_logged() throws Exception {
        var stream = new RecordingStream();
        var appender = started(stream, BatchingConsoleAppender.DEFAULT_QUEUE_SIZE, "%X{request_id} [%thread] %msg%n");
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

    private BatchingConsoleAppender started(OutputStream stream, int queueSize) {
        return started(stream, queueSize, "%msg%n");
    }

    private BatchingConsoleAppender started(OutputStream stream, int queueSize, String pattern) {
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        var appender = new BatchingConsoleAppender(stream);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
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

    /** What reached the stream, write by write, and which thread wrote each. */
    static class RecordingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Integer> sizes = new ArrayList<>();
        private final List<String> writers = new ArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();

        void beforeWrite(int write) throws IOException {}

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(attempts.getAndIncrement());
            synchronized (this) {
                bytes.write(b, off, len);
                sizes.add(len);
                writers.add(Thread.currentThread().getName());
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
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
