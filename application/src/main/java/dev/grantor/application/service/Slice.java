package dev.grantor.application.service;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A page of a list read by position (portal purchases, a customer's grants, the search, the histories, the webhooks):
 * the rows it shows, whether more follow, and how many rows the pages before it showed. Every such page is read the
 * same way, here: one row past the limit is asked for, never shown, and only tells that a next page follows; that
 * page starts past the last row shown. How a position is written (a time and id, a source, an id alone) is each
 * list's own.
 */
public record Slice<R>(List<R> rows, boolean more, int shownBefore) {

    public Slice {
        Objects.requireNonNull(rows, "rows");
        if (shownBefore < 0 || more && rows.isEmpty()) {
            throw new IllegalArgumentException("a page that has more to follow shows a row, after no fewer than none");
        }
    }

    /** The first page of at most {@code limit} rows: {@code reader} is asked for as many rows as it is to read. */
    public static <R> Slice<R> read(int limit, IntFunction<List<R>> reader) {
        return read(limit, 0, reader);
    }

    /** The page of at most {@code limit} rows after {@code shownBefore} rows, from {@code reader} (asked as above). */
    public static <R> Slice<R> read(int limit, int shownBefore, IntFunction<List<R>> reader) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page shows at least one row, not " + limit);
        }
        var read = reader.apply(limit + 1);
        return new Slice<>(read.take(limit), read.size() > limit, shownBefore);
    }

    /** The rows this page and those before it show. */
    public int shown() {
        return shownBefore + rows.size();
    }

    /** Where the next page starts: past the last row shown, as {@code past} writes it; none on the last page. */
    public <P> Option<P> next(Function<? super R, ? extends P> past) {
        return more ? Option.some(past.apply(rows.last())) : Option.none();
    }

    /** {@link #next} for a position that counts the rows shown up to it, so the next page numbers its rows on. */
    public <P> Option<P> nextCounting(BiFunction<? super R, Integer, ? extends P> past) {
        return next(last -> past.apply(last, shown()));
    }
}
