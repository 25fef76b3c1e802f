package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.domain.shared.BusinessId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The worker's places: the console's work goes first, a full share refuses and takes nothing, and every way a place
 * ends (its work done or failed, closed unused, refused by a stopped worker, dropped at shutdown) gives it back.
 */
class AfterTheAnswerTest {

    private static final System.Logger LOG = System.getLogger(AfterTheAnswerTest.class.getName());
    private static final BusinessId ACME = new BusinessId("bus_" + "0".repeat(20) + "a");
    private static final BusinessId BRAVO = new BusinessId("bus_" + "0".repeat(20) + "b");

    private static AfterTheAnswer worker(QueuePlaces.Sizes sizes) {
        return new AfterTheAnswer("test-sign-in-requests", Duration.ZERO, LOG, sizes);
    }

    private static AfterTheAnswer worker() {
        return new AfterTheAnswer("test-sign-in-requests", Duration.ZERO, LOG);
    }

    @Test
    void the_consoles_work_goes_before_portal_work_handed_off_earlier() throws Exception {
        var done = new CopyOnWriteArrayList<String>();
        var busy = new CountDownLatch(1);
        try (var worker = worker()) {
            assertThat(worker.handOff(new SignInRequest.Portal(ACME, "192.0.2.1"), () -> await(busy))).isTrue();
            for (String name : List.of("portal 1", "portal 2", "console 1", "portal 3", "console 2")) {
                SignInRequest request = name.startsWith("console")
                        ? new SignInRequest.Console("198.51.100.7") : new SignInRequest.Portal(BRAVO, "203.0.113.7");
                assertThat(worker.handOff(request, () -> done.add(name))).isTrue();
            }
            busy.countDown();
            assertThat(worker.settle(Duration.ofSeconds(30))).isTrue();
            assertThat(done).containsExactly("console 1", "console 2", "portal 1", "portal 2", "portal 3");
            assertThat(worker.noPlaceHeld()).isTrue();
        }
    }

    @Test
    void a_request_past_a_full_share_is_refused_and_takes_nothing() {
        // two console places, a site half of what the other sites leave; three portal places, a site and a business
        // each half of what the others leave
        try (var worker = worker(new QueuePlaces.Sizes(2, 2, 3, 2, 2))) {
            var first = worker.take(new SignInRequest.Console("198.51.100.1"));
            assertThat(first).isNotEmpty();
            assertThat(worker.take(new SignInRequest.Console("198.51.100.2"))).as("the site's share of the console's").isEmpty();
            var other = worker.take(new SignInRequest.Console("203.0.113.1"));
            assertThat(other).isNotEmpty();
            assertThat(worker.take(new SignInRequest.Console("192.0.2.1"))).as("the console's places").isEmpty();
            assertThat(worker.held(new SignInRequest.Console("192.0.2.9"))).as("the refused took nothing")
                    .containsExactly(2, 0);

            var acme = new SignInRequest.Portal(ACME, "2001:db8:1::1");
            assertThat(worker.take(acme)).as("the portal's places are their own").isNotEmpty();
            assertThat(worker.take(new SignInRequest.Portal(ACME, "2001:db8:2::1"))).isNotEmpty();
            assertThat(worker.take(new SignInRequest.Portal(ACME, "2001:db8:3::1"))).as("Acme's share").isEmpty();
            assertThat(worker.take(new SignInRequest.Portal(BRAVO, "2001:db8:1:ffff::1")))
                    .as("Bravo's, from a site holding half of what the others leave").isEmpty();
            assertThat(worker.take(new SignInRequest.Portal(BRAVO, "2001:db8:4::1"))).as("Bravo's").isNotEmpty();
            assertThat(worker.take(new SignInRequest.Portal(BRAVO, "2001:db8:5::1"))).as("the portal's places").isEmpty();
            assertThat(worker.held(new SignInRequest.Portal(BRAVO, "2001:db8:1::9"))).containsExactly(3, 1, 1);

            first.get().close();
            assertThat(worker.take(new SignInRequest.Console("198.51.100.3"))).as("its site's place, given back")
                    .isNotEmpty();
        }
    }

    @Test
    void every_way_a_place_ends_gives_it_back_once() throws Exception {
        var request = new SignInRequest.Portal(ACME, "203.0.113.7");
        try (var worker = worker()) {
            try (var unused = worker.take(request).get()) {
                assertThat(worker.held(request)).containsExactly(1, 1, 1);
            }
            assertThat(worker.noPlaceHeld()).as("closed unused").isTrue();

            var failing = worker.take(request).get();
            assertThat(failing.handOff(() -> {
                throw new IllegalStateException("the store is gone");
            })).isTrue();
            failing.close();
            assertThat(worker.settle(Duration.ofSeconds(30))).isTrue();
            assertThat(worker.noPlaceHeld()).as("its work failed").isTrue();

            var busy = new CountDownLatch(1);
            var twice = worker.take(request).get();
            assertThat(twice.handOff(() -> await(busy))).isTrue();
            assertThatThrownBy(() -> twice.handOff(() -> {})).isInstanceOf(IllegalStateException.class);
            twice.close();
            assertThat(worker.held(request)).as("closed after its hand-off: held until the work is done")
                    .containsExactly(1, 1, 1);
            busy.countDown();
            assertThat(worker.settle(Duration.ofSeconds(30))).isTrue();
            assertThat(worker.noPlaceHeld()).as("its work done, given back once").isTrue();
        }
    }

    @Test
    void a_stopped_worker_refuses_and_work_dropped_at_shutdown_gives_its_places_back() throws Exception {
        var worker = worker();
        var stuck = new CountDownLatch(1);
        var ran = new CopyOnWriteArrayList<String>();
        assertThat(worker.handOff(new SignInRequest.Console("198.51.100.7"), () -> awaitThrough(stuck))).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(worker.handOff(new SignInRequest.Portal(ACME, "203.0.113." + i), () -> ran.add("queued"))).isTrue();
        }

        worker.close();

        assertThat(ran).as("dropped, the worker stuck past its grace").isEmpty();
        assertThat(worker.held(new SignInRequest.Portal(ACME, "203.0.113.9"))).as("the dropped work's places")
                .containsExactly(0, 0, 0);
        var late = worker.take(new SignInRequest.Console("198.51.100.8")).get();
        assertThat(late.handOff(() -> ran.add("late"))).as("the worker stopped").isFalse();
        assertThat(worker.held(new SignInRequest.Console("198.51.100.9"))).as("the stuck work's place alone")
                .containsExactly(1, 1);
        stuck.countDown();
        assertThat(worker.settle(Duration.ofSeconds(30))).isTrue();
        assertThat(worker.noPlaceHeld()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits even when interrupted, as work blocked in a driver may: the shutdown's grace runs out. */
    private static void awaitThrough(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                // as a driver that does not stop for an interrupt
            }
        }
    }
}
