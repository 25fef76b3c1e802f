package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Throttles;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.time.Instant;

final class InMemoryThrottles implements Throttles {

    private static final Slot<Map<Tuple2<String, Instant>, Long>> WINDOWS = new Slot<>("throttle windows", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryThrottles(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public long count(String bucket, Instant windowStart) {
        var key = Tuple.of(bucket, windowStart);
        return tx.change(t -> {
            var windows = t.get(WINDOWS);
            long counted = windows.get(key).getOrElse(0L) + 1;
            return Tuple.of(counted, t.with(WINDOWS, windows.put(key, counted)));
        });
    }

    @Override
    public List<Window> windowsSince(String bucket, Instant since) {
        return tx.query(t -> List.ofAll(t.get(WINDOWS))
                .filter(entry -> entry._1._1.equals(bucket) && !entry._1._2.isBefore(since))
                .map(entry -> new Window(entry._1._2, entry._2))
                .sortBy(Window::start));
    }

    @Override
    public int forgetBefore(Instant cutoff, int limit) {
        return tx.change(t -> {
            var windows = t.get(WINDOWS);
            var gone = windows.keySet().filter(key -> key._2.isBefore(cutoff)).toList()
                    .sortBy(key -> key._2).take(Math.max(limit, 0));
            return Tuple.of(gone.size(), t.with(WINDOWS, windows.removeAll(gone)));
        });
    }
}
