package dev.grantor.adapter.webhooks;

import io.vavr.control.Option;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections whose last answer was read to its end, kept for the next request to the same place for at most
 * {@code keep} while idle, and at most {@code most} of them in all.
 *
 * <p>A connection is only ever handed out for the route it was opened for, and a route names the address the
 * connection went to: the sender judges a host's addresses again before every request and asks only for routes to
 * addresses it allows now, so a kept connection never reaches an address that would be refused today.
 *
 * <p>The most recently returned connection is handed out first: it is the least likely to have been closed by the
 * receiver meanwhile, and the rest age out.
 */
final class IdleConnections implements AutoCloseable {

    /**
     * Where a connection goes: the URL's host as the request names it (in {@code Host}, SNI and the certificate
     * check), its port, the address it connected to, and whether it speaks TLS.
     */
    record Route(boolean https, String host, int port, InetAddress address) {
        Route {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * An open connection: {@code wire} is the TCP socket under {@code connection} (the same one without TLS), and
     * {@code in} reads the connection through a buffer that stays with it, so an answer is read a buffer at a time
     * and nothing read ahead is lost to the next request.
     */
    record Open(Socket connection, Socket wire, InputStream in) {
        Open {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(wire, "wire");
            Objects.requireNonNull(in, "in");
        }

        static Open of(Socket connection, Socket wire) throws IOException {
            return new Open(connection, wire, new BufferedInputStream(connection.getInputStream(), 2048));
        }
    }

    private record Idle(Open open, long since) {}

    private final long keepNanos;
    private final int most;
    private final ReentrantLock lock = new ReentrantLock();
    private final HashMap<Route, ArrayDeque<Idle>> idle = new HashMap<>();
    private int count;
    private long sweptAt = System.nanoTime();
    private boolean closed;

    IdleConnections(Duration keep, int most) {
        if (keep == null || keep.isNegative() || most < 0) {
            throw new IllegalArgumentException("idle connections need a keep time of 0 or more and a limit of 0 or more");
        }
        this.keepNanos = keep.toNanos();
        this.most = keep.isZero() ? 0 : most;
    }

    /** A kept connection for this route that still looks open, if there is one; expired ones met on the way are closed. */
    Option<Open> take(Route route) {
        while (true) {
            Idle candidate;
            lock.lock();
            try {
                var queue = idle.get(route);
                if (queue == null) {
                    return Option.none();
                }
                candidate = queue.pollLast();
                count--;
                if (queue.isEmpty()) {
                    idle.remove(route);
                }
            } finally {
                lock.unlock();
            }
            if (System.nanoTime() - candidate.since() <= keepNanos && looksOpen(candidate.open())) {
                return Option.some(candidate.open());
            }
            close(candidate.open().connection());
        }
    }

    /**
     * Keeps a connection whose answer was read to its end; closes it instead when the limit is reached or this is
     * closed. Now and then closes the ones idle for longer than the keep time, so an endpoint that stopped getting
     * events does not hold a socket for good.
     */
    void give(Route route, Open connection) {
        long now = System.nanoTime();
        var expired = new ArrayList<Socket>();
        boolean kept = false;
        lock.lock();
        try {
            if (!closed && count < most) {
                idle.computeIfAbsent(route, r -> new ArrayDeque<>()).addLast(new Idle(connection, now));
                count++;
                kept = true;
            }
            if (now - sweptAt > Math.max(keepNanos, 1_000_000_000L)) {
                sweptAt = now;
                sweep(now, expired);
            }
        } finally {
            lock.unlock();
        }
        if (!kept) {
            close(connection.connection());
        }
        expired.forEach(IdleConnections::close);
    }

    int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    private void sweep(long now, List<Socket> expired) {
        var routes = idle.values().iterator();
        while (routes.hasNext()) {
            var queue = routes.next();
            while (!queue.isEmpty() && now - queue.peekFirst().since() > keepNanos) {
                expired.add(queue.pollFirst().open().connection());
                count--;
            }
            if (queue.isEmpty()) {
                routes.remove();
            }
        }
    }

    /**
     * Unread bytes on an idle connection mean the receiver said something unasked (some send a 408 before they
     * close an idle connection); read as the next request's answer they would be taken for it, so such a
     * connection is not used again. A closed socket is not either.
     */
    private static boolean looksOpen(Open candidate) {
        var wire = candidate.wire();
        if (wire.isClosed() || wire.isInputShutdown() || candidate.connection().isClosed()) {
            return false;
        }
        try {
            return wire.getInputStream().available() == 0 && candidate.in().available() == 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // the receiver closed it first
        }
    }

    @Override
    public void close() {
        var all = new ArrayList<Socket>();
        lock.lock();
        try {
            closed = true;
            idle.values().forEach(queue -> queue.forEach(i -> all.add(i.open().connection())));
            idle.clear();
            count = 0;
        } finally {
            lock.unlock();
        }
        all.forEach(IdleConnections::close);
    }
}
