package dev.grantor.adapter.persistence.bench;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * PostgreSQL driver sockets that count network round trips: each time the client reads after having
 * written, it waited for the server once. Selected per connection with the driver's
 * {@code socketFactory} URL parameter; the count is for all such sockets in the JVM.
 */
public final class CountingSocketFactory extends SocketFactory {

    private static final AtomicLong ROUND_TRIPS = new AtomicLong();

    public CountingSocketFactory() {}

    public static long roundTrips() {
        return ROUND_TRIPS.get();
    }

    @Override
    public Socket createSocket() {
        return new CountingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        var socket = new CountingSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("the driver creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("the driver creates unconnected sockets");
    }

    private static final class CountingSocket extends Socket {
        private final AtomicBoolean wrote = new AtomicBoolean();
        private InputStream in;
        private OutputStream out;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        turn();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        turn();
                        return super.read(b, off, len);
                    }
                };
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        wrote.set(true);
                        super.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        wrote.set(true);
                        out().write(b, off, len);
                    }
                };
            }
            return out;
        }

        private OutputStream out() throws IOException {
            return super.getOutputStream();
        }

        private void turn() {
            if (wrote.getAndSet(false)) {
                ROUND_TRIPS.incrementAndGet();
            }
        }
    }
}
