package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.ArrayList;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule of every page read by position, on generated limits and rows (Instancio, seeded): a list of rows numbered
 * 1, 2, … newest first, of none, exactly the limit, one past it and many past it, read after a generated count of rows
 * earlier pages showed. The expectation is written here from the numbers alone: the page shows the first
 * {@code min(limit, rows)}, a next page follows exactly when the list holds more rows than the limit, and it starts past
 * row {@code limit}, numbered on from the rows shown so far.
 */
class SliceTest {

    private static final int DRAWS = 2_000;

    /** A store's newest-first read: the first {@code asked} rows of {@code 1..rows}, or all of them if fewer. */
    private static List<Integer> store(int rows, int asked) {
        return List.rangeClosed(1, Math.min(rows, asked));
    }

    private record Position(int row, int shown) {}

    @Nested
    class A_page_read_from_one_store {

        @Test
        void shows_at_most_the_limit_and_has_more_exactly_when_the_store_holds_more() {
            var gen = Instancio.gen().withSetting(Keys.SEED, 3434L);
            var limits = gen.ints().range(1, 100).list(DRAWS);
            var earlier = gen.ints().range(0, 10_000).list(DRAWS);
            var extra = gen.ints().range(2, 5_000).list(DRAWS);
            int checked = 0;
            for (int draw = 0; draw < DRAWS; draw++) {
                int limit = limits.get(draw);
                int shownBefore = earlier.get(draw);
                for (int rows : new int[] {0, limit, limit + 1, limit + extra.get(draw)}) {
                    var asked = new ArrayList<Integer>();
                    var page = Slice.read(limit, shownBefore, reading -> {
                        asked.add(reading);
                        return store(rows, reading);
                    });

                    int expectedShown = rows < limit ? rows : limit;
                    boolean expectedMore = rows > limit;
                    String as = "limit " + limit + ", " + rows + " rows, " + shownBefore + " shown before";
                    assertThat(asked).as(as).containsExactly(limit + 1);
                    assertThat(page.rows()).as(as).isEqualTo(List.rangeClosed(1, expectedShown));
                    assertThat(page.more()).as(as).isEqualTo(expectedMore);
                    assertThat(page.shown()).as(as).isEqualTo(shownBefore + expectedShown);
                    assertThat(page.nextCounting(Position::new)).as(as)
                            .isEqualTo(expectedMore ? Option.some(new Position(limit, shownBefore + limit)) : Option.none());
                    assertThat(page.next(row -> row)).as(as).isEqualTo(expectedMore ? Option.some(limit) : Option.none());
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(4 * DRAWS);
        }

        @Test
        void the_first_page_counts_from_none_shown() {
            var page = Slice.read(3, reading -> store(10, reading));
            assertThat(page.shownBefore()).isZero();
            assertThat(page.nextCounting(Position::new)).contains(new Position(3, 3));
        }
    }

    @Nested
    class A_page_merged_from_several_sources {

        /**
         * Each source is asked for the page's reading and the merge may hold many more rows than that (the timeline's
         * sources): the page is still its first rows, and more follow exactly when the merge holds more than the limit.
         */
        @Test
        void is_cut_to_the_limit_whatever_the_merge_holds() {
            var gen = Instancio.gen().withSetting(Keys.SEED, 3435L);
            var limits = gen.ints().range(1, 100).list(DRAWS);
            var sizes = gen.ints().range(0, 300).list(DRAWS * 3);
            for (int draw = 0; draw < DRAWS; draw++) {
                int limit = limits.get(draw);
                var sources = List.of(sizes.get(3 * draw), sizes.get(3 * draw + 1), sizes.get(3 * draw + 2));
                var page = Slice.read(limit, reading -> sources.flatMap(rows -> store(rows, reading)).sorted());

                int merged = sources.map(rows -> Math.min(rows, limit + 1)).sum().intValue();
                String as = "limit " + limit + ", sources " + sources;
                assertThat(page.rows().size()).as(as).isEqualTo(Math.min(merged, limit));
                assertThat(page.more()).as(as).isEqualTo(merged > limit);
                assertThat(page.next(row -> row).isDefined()).as(as).isEqualTo(merged > limit);
            }
        }
    }

    @Test
    void a_page_of_no_rows_is_refused() {
        assertThatThrownBy(() -> Slice.read(0, reading -> store(5, reading))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slice<>(List.empty(), true, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Slice<>(List.of(1), false, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
