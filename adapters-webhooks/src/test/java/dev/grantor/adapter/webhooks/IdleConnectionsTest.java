package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.webhooks.IdleConnections.Open;
import dev.grantor.adapter.webhooks.IdleConnections.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kept connections' own rules, on real loopback sockets whose far ends this test holds. */
class IdleConnectionsTest {

    private final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private final Route route;

    IdleConnectionsTest() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        route = new Route(false, "hooks.example", listener.getLocalPort(), InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (var socket : sockets) {
            socket.close();
        }
        listener.close();
    }

    private Open connection() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        sockets.add(socket);
        sockets.add(listener.accept());
        return Open.of(socket, socket);
    }

    @Test
    void the_most_recently_returned_connection_is_handed_out_first_and_only_for_its_own_route() throws IOException {
        try (var idle = new IdleConnections(Duration.ofSeconds(10), 8)) {
            var older = connection();
            var newer = connection();
            idle.give(route, older);
            idle.give(route, newer);

            var elsewhere = new Route(false, "hooks.example", route.port(), InetAddress.getByName("127.0.0.2"));
            assertThat(idle.take(elsewhere)).isEmpty();
            assertThat(idle.take(new Route(true, route.host(), route.port(), route.address()))).isEmpty();
            assertThat(idle.take(new Route(false, "other.example", route.port(), route.address()))).isEmpty();

            assertThat(idle.take(route)).contains(newer);
            assertThat(idle.take(route)).contains(older);
            assertThat(idle.take(route)).isEmpty();
        }
    }

    @Test
    void beyond_the_limit_a_returned_connection_is_closed_instead_of_kept() throws IOException {
        try (var idle = new IdleConnections(Duration.ofSeconds(10), 2)) {
            var all = List.of(connection(), connection(), connection());
            all.forEach(open -> idle.give(route, open));

            assertThat(idle.size()).isEqualTo(2);
            assertThat(all).extracting(open -> open.connection().isClosed()).containsExactly(false, false, true);
        }
    }

    @Test
    void a_connection_idle_past_the_keep_time_is_closed_when_met_and_never_handed_out() throws Exception {
        try (var idle = new IdleConnections(Duration.ofMillis(50), 8)) {
            var stale = connection();
            idle.give(route, stale);
            Thread.sleep(120);

            assertThat(idle.take(route)).isEmpty();
            assertThat(stale.connection().isClosed()).isTrue();
            assertThat(idle.size()).isZero();
        }
    }

    @Test
    void a_connection_with_bytes_waiting_or_closed_here_is_never_handed_out() throws Exception {
        try (var idle = new IdleConnections(Duration.ofSeconds(10), 8)) {
            var chatty = connection();
            sockets.get(sockets.size() - 1).getOutputStream().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes());
            var closed = connection();
            closed.connection().close();
            idle.give(route, chatty);
            idle.give(route, closed);
            Thread.sleep(50);

            assertThat(idle.take(route)).isEmpty();
            assertThat(chatty.connection().isClosed()).isTrue();
        }
    }

    @Test
    void when_closed_it_closes_what_it_kept_and_keeps_nothing_more() throws IOException {
        var idle = new IdleConnections(Duration.ofSeconds(10), 8);
        var kept = connection();
        idle.give(route, kept);

        idle.close();
        var late = connection();
        idle.give(route, late);

        assertThat(kept.connection().isClosed()).isTrue();
        assertThat(late.connection().isClosed()).isTrue();
        assertThat(idle.take(route)).isEmpty();
    }

    @Test
    void a_keep_time_of_zero_keeps_nothing() throws IOException {
        try (var idle = new IdleConnections(Duration.ZERO, 8)) {
            var open = connection();
            idle.give(route, open);

            assertThat(idle.size()).isZero();
            assertThat(open.connection().isClosed()).isTrue();
        }
    }
}
