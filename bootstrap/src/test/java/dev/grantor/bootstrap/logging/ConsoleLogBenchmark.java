package dev.grantor.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.MDC;

/**
 * The cost of a log line on stderr, with the shipped pattern, from 16 virtual threads: logback's
 * {@code ConsoleAppender} against {@link BatchingConsoleAppender}, and logging off (the same loop without the line)
 * to subtract. Not a test: run by hand, one JVM per run, stderr redirected to a file or {@code /dev/null}.
 *
 * <pre>java -cp ... dev.grantor.bootstrap.logging.ConsoleLogBenchmark console|batching|off LINES WORK_MICROS [PAUSE_MICROS]</pre>
 *
 * <p>WORK_MICROS is CPU spent by each thread between two lines (a request's own work); 0 logs flat out. PAUSE_MICROS is
 * a wait after each line (the next request not there yet): the threads park, and so do their carriers. Prints the
 * lines per second, the process CPU per line, and the context switches of the process's threads per line.
 */
public final class ConsoleLogBenchmark {

    private static final int THREADS = 16;
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{30} %X - %msg%n";

    private ConsoleLogBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int lines = Integer.parseInt(args[1]);
        long workNanos = Long.parseLong(args[2]) * 1_000;
        long pauseNanos = args.length > 3 ? Long.parseLong(args[3]) * 1_000 : 0;

        var context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        Logger logger = context.getLogger("dev.grantor.adapter.rest.access");
        BatchingConsoleAppender batching = null;
        switch (mode) {
            case "console" -> {
                var console = new ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
                console.setContext(context);
                console.setTarget("System.err");
                console.setEncoder(encoder);
                console.start();
                logger.addAppender(console);
            }
            case "batching" -> {
                batching = new BatchingConsoleAppender();
                batching.setContext(context);
                batching.setEncoder(encoder);
                batching.start();
                batching.startBatching();
                logger.addAppender(batching);
            }
            case "off" -> logger.setLevel(Level.OFF);
            default -> throw new IllegalArgumentException("mode: console, batching or off");
        }

        run(logger, lines / 2, workNanos, pauseNanos);
        long wakeUpsBefore = batching == null ? 0 : batching.wakeUps();
        long switchesBefore = contextSwitches();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        run(logger, lines, workNanos, pauseNanos);
        long wall = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        long switches = contextSwitches() - switchesBefore;
        long wakeUps = batching == null ? 0 : batching.wakeUps() - wakeUpsBefore;
        context.stop();

        System.out.printf("%-8s lines=%d work_us=%d pause_us=%d lines_per_s=%.0f cpu_us_per_line=%.2f ctx_switches_per_line=%.3f"
                        + " writer_wakeups=%d load=%s%n",
                mode, lines, workNanos / 1_000, pauseNanos / 1_000, lines / (wall / 1e9), cpu / 1e3 / lines, (double) switches / lines,
                wakeUps, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static void run(Logger logger, int lines, long workNanos, long pauseNanos) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        int perThread = lines / THREADS;
        for (int t = 0; t < THREADS; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                long sink = 0;
                for (int i = 0; i < perThread; i++) {
                    sink += work(workNanos);
                    MDC.put("request_id", "req-" + i);
                    logger.info("POST /licenses/validate 200 {} ms {}", 1, sink & 1);
                    MDC.remove("request_id");
                    if (pauseNanos > 0) {
                        LockSupport.parkNanos(pauseNanos);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static long work(long nanos) {
        long until = System.nanoTime() + nanos;
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }
        return spins;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Voluntary and forced context switches of every thread of this process so far. */
    private static long contextSwitches() throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException gone) {
                    // a thread that ended since the listing
                }
            }
        }
        return total;
    }
}
