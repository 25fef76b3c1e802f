package dev.grantor.domain.grant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.KeyPoolId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The stock alerts against an independent reading of the rule: after a take, {@code key_pool.low_stock} fires when
 * the stock is at or below the line and it has not fired since the stock last stood above the line (or since the
 * pool opened); {@code key_pool.empty} the same with "nothing left" and "something left". Generated sequences of
 * takes, restocks and new lines (seeded), checked step by step; and {@link KeyPool#alertLine} names when a take can raise one.
 */
class KeyPoolAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private enum Kind { TAKE, RESTOCK, LINE }

    /** One moment of the pool's life: the stock and line after it, and the alerts it raised. */
    private record Moment(long available, int line, boolean low, boolean empty) {}

    @Test
    void alerts_fire_once_per_crossing_in_ten_thousand_generated_lives_of_a_pool() {
        int lives = 10_000;
        var draws = Instancio.gen().withSetting(Keys.SEED, 14L).ints().range(0, 1_000_000).list(lives * 70).iterator();
        long alerts = 0;
        for (int life = 0; life < lives; life++) {
            int line = draws.next() % 6;
            var pool = new KeyPool(new KeyPoolId("kpl_" + "0".repeat(21)), new BusinessId("bus_" + "0".repeat(21)),
                    new EntitlementId("ent_" + "0".repeat(21)), line, true, true, T0, T0, 0);
            long available = 0;
            var history = new ArrayList<Moment>();
            history.add(new Moment(0, line, false, false));
            int steps = (1 + draws.next() % (30 - 1));
            for (int step = 0; step < steps; step++) {
                var kind = Kind.values()[draws.next() % 10 < 6 ? 0 : (1 + draws.next() % (3 - 1))];
                Instant at = T0.plusSeconds(step + 1);
                switch (kind) {
                    case TAKE -> {
                        if (available == 0) {
                            continue;
                        }
                        available--;
                        var alertLine = pool.alertLine();
                        var change = pool.afterTaking(available, 0, at);
                        pool = change.pool();
                        long taken = available;
                        // the line a store counts up to: a take raises an alert exactly when it leaves the stock at or below it
                        assertThat(change.events().nonEmpty()).as("alerts after a take to %d with alert line %s", available, alertLine)
                                .isEqualTo(alertLine.exists(l -> taken <= l));
                        boolean low = change.events().exists(KeyPoolEvent.LowStock.class::isInstance);
                        boolean empty = change.events().exists(KeyPoolEvent.Empty.class::isInstance);
                        assertThat(low).as("low stock after a take to %d, line %d, in %s", available, pool.lowStockThreshold(), history)
                                .isEqualTo(lowExpected(history, available, pool.lowStockThreshold()));
                        assertThat(empty).as("empty after a take to %d in %s", available, history)
                                .isEqualTo(emptyExpected(history, available));
                        long left = available;
                        assertThat(change.events()).allSatisfy(event -> assertThat(event.available()).isEqualTo(left));
                        alerts += change.events().size();
                        history.add(new Moment(available, pool.lowStockThreshold(), low, empty));
                    }
                    case RESTOCK -> {
                        available += (1 + draws.next() % (8 - 1));
                        pool = pool.afterRestock(available, at);
                        history.add(new Moment(available, pool.lowStockThreshold(), false, false));
                    }
                    case LINE -> {
                        pool = pool.withThreshold(draws.next() % 6, available, at);
                        history.add(new Moment(available, pool.lowStockThreshold(), false, false));
                    }
                }
            }
        }
        assertThat(alerts).as("the generated lives cross lines (%d alerts)", alerts).isGreaterThan(lives / 2);
    }

    /** Fires unless it already fired since the stock last stood above its line. */
    private static boolean lowExpected(List<Moment> history, long available, int line) {
        if (available > line) {
            return false;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            var moment = history.get(i);
            if (moment.low()) {
                return false;
            }
            if (moment.available() > moment.line()) {
                return true;
            }
        }
        return true;
    }

    private static boolean emptyExpected(List<Moment> history, long available) {
        if (available > 0) {
            return false;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            var moment = history.get(i);
            if (moment.empty()) {
                return false;
            }
            if (moment.available() > 0) {
                return true;
            }
        }
        return true;
    }
}
