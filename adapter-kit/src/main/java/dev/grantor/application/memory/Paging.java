package dev.grantor.application.memory;

import dev.grantor.application.port.out.Page;
import io.vavr.collection.List;
import io.vavr.collection.Traversable;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/** Newest first ({@code created_at} desc, then id desc), then the page's slice. */
final class Paging {

    private Paging() {}

    static <T> List<T> newestFirst(Traversable<T> rows, Function<T, Instant> createdAt, Function<T, String> id, Page page) {
        Comparator<T> oldestFirst = Comparator.comparing(createdAt).thenComparing(id);
        var sorted = List.ofAll(rows).sorted(oldestFirst.reversed());
        if (page.offset() >= sorted.size()) {
            return List.empty();
        }
        return sorted.drop((int) page.offset()).take(page.size());
    }
}
