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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Log lines to stderr, in the order they were logged, without making a busy service pay a {@code write} per line.
 *
 * <p>Until {@link #startBatching()} every line is written on the logging thread as it comes, like logback's
 * {@code ConsoleAppender}: a command's own messages on stderr (its one-line error, "using the database at") then
 * stay in order with its log lines. Once batching, a logging thread only queues its line; one writer thread takes
 * all that is queued, encodes it into one buffer and writes it with one {@code write}, so that sixteen request
 * threads no longer queue behind each other's system calls. A full queue makes the logging thread wait: a line is
 * never dropped. {@link #stop()} writes every queued line before it returns, and logback calls it when its context
 * stops, which {@code grantor} does as the last step of every exit.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final int DEFAULT_QUEUE_SIZE = 8192;
    /** How long {@link #stop()} waits for the writer: only a stderr nobody reads makes it wait that long. */
    static final Duration WRITER_GRACE = Duration.ofSeconds(10);
    /** A buffer grown by a burst is let go rather than kept for the life of the service. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private final OutputStream stream;
    /** Held by whoever writes to the stream: the writer thread for as long as it runs, otherwise a logging thread. */
    private final ReentrantLock writing = new ReentrantLock();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
    private boolean failureReported;
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private BlockingQueue<ILoggingEvent> queue;
    private volatile boolean batching;
    private Thread writer;

    public BatchingConsoleAppender() {
        // unbuffered: one write(2) per batch, and none of System.err's locking
        this(new FileOutputStream(FileDescriptor.err));
    }

    BatchingConsoleAppender(OutputStream stream) {
        this.stream = stream;
    }

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Lines the queue holds before a logging thread waits for the writer (default 8192). */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
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
        if (queueSize < 1) {
            addError("queueSize must be at least 1, not " + queueSize);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writeBytes(encoder.headerBytes());
        super.start();
    }

    /** From now on lines are queued for one writer thread; once only, and not after {@link #stop()}. */
    public synchronized void startBatching() {
        if (!isStarted() || writer != null) {
            return;
        }
        batching = true;
        writer = Thread.ofPlatform().daemon().name("grantor-log-writer").start(this::writeUntilStopped);
    }

    /** Returns once every line accepted so far is written (or the writer has not finished in {@link #WRITER_GRACE}). */
    @Override
    public synchronized void stop() {
        if (!isStarted()) {
            return;
        }
        if (writer != null) {
            batching = false;
            writer.interrupt();
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
        // the MDC (the request id) and the thread name belong to the logging thread, and it clears the MDC next
        event.prepareForDeferredProcessing();
        if (!batching) {
            writeWith(event);
            return;
        }
        boolean interrupted = false;
        try {
            while (!queue.offer(event)) {
                if (!batching) {
                    writeWith(event);
                    return;
                }
                try {
                    if (queue.offer(event, 10, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    // a request thread may be interrupted; its line is still written, and it keeps its interrupt
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!batching) {
            // the writer may have taken its last batch before this line came: nobody else will write it
            writeWith(null);
        }
    }

    private void writeUntilStopped() {
        var batch = new ArrayList<ILoggingEvent>();
        writing.lock();
        try {
            while (batching) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    // stop() interrupts to end the wait; whether to go on is batching's to say
                    continue;
                }
                queue.drainTo(batch);
                write(batch);
                batch.clear();
            }
            queue.drainTo(batch);
            write(batch);
        } finally {
            // had it died, logging threads would otherwise wait for it forever: they write for themselves instead
            batching = false;
            writing.unlock();
        }
    }

    /** Writes what is queued and then {@code event} (if any), on the calling thread, after any batch in progress. */
    private void writeWith(ILoggingEvent event) {
        var batch = new ArrayList<ILoggingEvent>();
        writing.lock();
        try {
            queue.drainTo(batch);
            if (event != null) {
                batch.add(event);
            }
            write(batch);
        } finally {
            writing.unlock();
        }
    }

    private void write(List<ILoggingEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        buffer.reset();
        for (ILoggingEvent event : batch) {
            try {
                buffer.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                reportOnce("a log line could not be encoded", e);
            }
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
}
