package dev.grantor.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Log lines to stderr, in the order they were logged, without making a busy service pay a {@code write} per line nor
 * a thread wake-up per line.
 *
 * <p>Until {@link #startBatching()} every line is written on the logging thread as it comes, like logback's
 * {@code ConsoleAppender}: a command's own messages on stderr (its one-line error, "using the database at") then
 * stay in order with its log lines. Once batching, a logging thread encodes its line and adds it to a lock-free
 * queue; one writer thread writes all that is queued with one {@code write} every {@link #setDrainIntervalMillis
 * drain interval} while lines keep coming, and sleeps without a deadline once a drain finds nothing. A logging thread
 * wakes it only when it was sleeping that way (the first line after a quiet spell) or when the queue is half full: a
 * steady stream of lines costs the writer one timer wake-up per interval, not one wake-up per line.
 *
 * <p>A full queue is never a lost line: the logging thread then writes what is queued and its own line itself, as
 * {@code ConsoleAppender} would, so a stderr that cannot keep up slows the loggers instead of dropping their lines.
 * {@link #stop()} writes every queued line before it returns, and logback calls it when its context stops, which
 * {@code grantor} does as the last step of every exit. A crash (SIGKILL, an OOM kill, {@code Runtime.halt}) loses
 * the lines of the last drain interval at most: those are still queued.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final int DEFAULT_QUEUE_SIZE = 8192;
    static final int DEFAULT_DRAIN_INTERVAL_MILLIS = 5;
    /** How long {@link #stop()} waits for the writer: only a stderr nobody reads makes it wait that long. */
    static final Duration WRITER_GRACE = Duration.ofSeconds(10);
    /** A buffer grown by a burst is let go rather than kept for the life of the service. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    /** The writer is taking lines or writing them: nobody needs to wake it. */
    private static final int DRAINING = 0;
    /** The writer waits out the drain interval: only a queue past its high-water mark wakes it early. */
    private static final int RESTING = 1;
    /** The writer found nothing and waits without a deadline: the next line wakes it. */
    private static final int IDLE = 2;

    private final OutputStream stream;
    /** Held by whoever writes to the stream: the writer thread while it drains, or a logging thread writing itself. */
    private final ReentrantLock writing = new ReentrantLock();
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    /** Lines in the queue or about to be added: the bound, counted apart because the queue's own size is a walk. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger writerState = new AtomicInteger(DRAINING);
    private final LongAdder wakeUps = new LongAdder();
    private final LongAdder writtenByLoggingThreads = new LongAdder();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
    private boolean failureReported;
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int highWater = DEFAULT_QUEUE_SIZE / 2;
    private long drainIntervalNanos = Duration.ofMillis(DEFAULT_DRAIN_INTERVAL_MILLIS).toNanos();
    private volatile boolean batching;
    private volatile Thread writer;

    public BatchingConsoleAppender() {
        // unbuffered: one write(2) per drain, and none of System.err's locking
        this(new FileOutputStream(FileDescriptor.err));
    }

    BatchingConsoleAppender(OutputStream stream) {
        this.stream = stream;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Lines the queue holds before a logging thread writes for itself (default 8192); half of it wakes the writer. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer lets lines gather between two drains while they keep coming (default 5 ms). */
    public void setDrainIntervalMillis(long millis) {
        this.drainIntervalNanos = Duration.ofMillis(millis).toNanos();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (encoder == null) {
            addError("no encoder for the appender named [" + name + "]");
            return;
        }
        if (queueSize < 2) {
            addError("queueSize must be at least 2, not " + queueSize);
            return;
        }
        if (drainIntervalNanos < 1) {
            addError("drainIntervalMillis must be at least 1");
            return;
        }
        highWater = queueSize / 2;
        writeBytes(encoder.headerBytes());
        super.start();
    }

    /** From now on lines are queued for one writer thread; once only, and not after {@link #stop()}. */
    public synchronized void startBatching() {
        if (!isStarted() || writer != null) {
            return;
        }
        writer = Thread.ofPlatform().daemon().name("grantor-log-writer").unstarted(this::drainUntilStopped);
        batching = true;
        writer.start();
    }

    /** Returns once every line accepted so far is written (or the writer has not finished in {@link #WRITER_GRACE}). */
    @Override
    public synchronized void stop() {
        if (!isStarted()) {
            return;
        }
        Thread writer = this.writer;
        if (writer != null) {
            batching = false;
            LockSupport.unpark(writer);
            try {
                writer.join(WRITER_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                addWarn("the log writer did not finish in " + WRITER_GRACE + "; stderr is not being read");
            }
        }
        // only now refuse lines: one that comes while the writer finishes is written on its own thread
        super.stop();
        if (writing.tryLock()) {
            try {
                writeBytes(encoder.footerBytes());
            } finally {
                writing.unlock();
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // on the logging thread: the MDC (the request id) and the thread name are its own, and it clears the MDC next
        byte[] line = encoder.encode(event);
        if (!batching) {
            writeQueuedAnd(line);
            return;
        }
        int waiting = queued.incrementAndGet();
        if (waiting > queueSize) {
            queued.decrementAndGet();
            writtenByLoggingThreads.increment();
            writeQueuedAnd(line);
            return;
        }
        queue.offer(line);
        if (!batching) {
            // the writer may have made its last drain before this line came: nobody else would write it
            writeQueuedAnd(null);
            return;
        }
        // read after the line is in the queue, as the writer reads the queue after saying it is idle: one of the two
        // sees the other, so the line is never left behind a writer that sleeps without a deadline
        int state = writerState.get();
        if ((state == IDLE || state == RESTING && waiting >= highWater) && writerState.compareAndSet(state, DRAINING)) {
            wakeUps.increment();
            LockSupport.unpark(writer);
        }
    }

    private void drainUntilStopped() {
        try {
            while (batching) {
                if (drain()) {
                    rest();
                } else {
                    idle();
                }
            }
            drain();
        } finally {
            // had it died, lines would pile up unwritten: logging threads write for themselves instead
            batching = false;
        }
    }

    /** Lines keep coming: let more of them gather, unless the queue is already past its high-water mark. */
    private void rest() {
        writerState.set(RESTING);
        if (queued.get() < highWater && batching) {
            LockSupport.parkNanos(this, drainIntervalNanos);
        }
        writerState.set(DRAINING);
    }

    /** A drain found nothing: sleep until a logging thread (or stop) says there is something. */
    private void idle() {
        writerState.set(IDLE);
        // read after saying so, as a logging thread reads the state after adding its line
        if (queue.isEmpty()) {
            while (writerState.get() == IDLE && batching) {
                LockSupport.park(this);
            }
        }
        writerState.set(DRAINING);
    }

    /** Writes what is queued with one write; false if there was nothing. */
    private boolean drain() {
        writing.lock();
        try {
            return writeQueuedAndLocked(null);
        } finally {
            writing.unlock();
        }
    }

    /** Writes what is queued and then {@code line} (if any) on the calling thread, after any drain in progress. */
    private void writeQueuedAnd(byte[] line) {
        writing.lock();
        try {
            writeQueuedAndLocked(line);
        } finally {
            writing.unlock();
        }
    }

    private boolean writeQueuedAndLocked(byte[] line) {
        buffer.reset();
        // as many as were counted when the drain began: loggers that keep adding do not keep the drain going
        int counted = queued.get();
        int taken = 0;
        while (taken < counted) {
            byte[] queuedLine = queue.poll();
            if (queuedLine == null) {
                break;
            }
            buffer.writeBytes(queuedLine);
            taken++;
        }
        queued.addAndGet(-taken);
        if (line != null) {
            buffer.writeBytes(line);
        }
        if (buffer.size() == 0) {
            return false;
        }
        try {
            buffer.writeTo(stream);
            stream.flush();
        } catch (IOException | RuntimeException e) {
            reportOnce("writing log lines to stderr failed", e);
        }
        if (buffer.size() > KEPT_BUFFER_BYTES) {
            buffer = new ByteArrayOutputStream(8192);
        }
        return true;
    }

    private void writeBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return;
        }
        try {
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            reportOnce("writing log lines to stderr failed", e);
        }
    }

    /** Once: a stderr that fails tends to fail for every line, and the status list should not fill with it. */
    private void reportOnce(String what, Exception e) {
        if (!failureReported) {
            failureReported = true;
            addError(what + "; later failures are not reported", e);
        }
    }

    /** Times a logging thread woke the writer: once after each quiet spell or high-water mark, never once a line. */
    long wakeUps() {
        return wakeUps.sum();
    }

    /** Lines a logging thread wrote itself because the queue was full. */
    long writtenByLoggingThreads() {
        return writtenByLoggingThreads.sum();
    }

    boolean writerIdle() {
        return writerState.get() == IDLE;
    }

    boolean writerResting() {
        return writerState.get() == RESTING;
    }
}
