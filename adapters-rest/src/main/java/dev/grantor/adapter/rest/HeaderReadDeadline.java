package dev.grantor.adapter.rest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's headers. Jetty's idle timeout restarts with every byte, so a client that sends one
 * header line every few seconds could hold a connection for ever; this closes a connection whose current request has
 * been in its headers for longer than the deadline, however steadily they trickle in.
 */
final class HeaderReadDeadline implements Connection.Listener {

    private final long deadlineNanos;
    private final long checkEveryMillis;
    private final Scheduler scheduler;

    HeaderReadDeadline(Duration deadline, Scheduler scheduler) {
        this.deadlineNanos = deadline.toNanos();
        this.checkEveryMillis = Math.max(20, deadline.toMillis() / 4);
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        }
    }

    /** One connection's current request: which one (by count) and since when it has been in its headers. */
    private final class Watch implements Runnable {
        private final HttpConnection connection;
        private long request = -1;
        private long headersSince;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void schedule() {
            scheduler.schedule(this, checkEveryMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            var parser = connection.getParser();
            long now = System.nanoTime();
            if (parser.inHeaderState() && !parser.isStart()) {
                long current = connection.getMessagesIn();
                if (current != request) {
                    request = current;
                    headersSince = now;
                } else if (now - headersSince > deadlineNanos) {
                    connection.getEndPoint().close();
                    return;
                }
            } else {
                request = -1;
            }
            schedule();
        }
    }
}
