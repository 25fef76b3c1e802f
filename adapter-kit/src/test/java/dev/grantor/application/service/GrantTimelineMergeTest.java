package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.GrantTimeline.Action;
import dev.grantor.application.port.in.GrantTimeline.Delivered;
import dev.grantor.application.port.in.GrantTimeline.Entry;
import dev.grantor.application.port.in.GrantTimeline.Issued;
import dev.grantor.application.port.in.GrantTimeline.KeyRotated;
import dev.grantor.application.port.in.GrantTimeline.Older;
import dev.grantor.application.port.in.GrantTimeline.Resent;
import dev.grantor.application.port.in.GrantTimeline.Revoked;
import dev.grantor.application.port.in.GrantTimeline.Source;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.RevocationReason;
import io.vavr.collection.List;
import io.vavr.collection.TreeMap;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.ArrayList;
import org.instancio.Instancio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The timeline's merge rule with generated entries: whatever the sources hold and however the pages are cut, the pages
 * concatenate to the whole timeline in its order, nothing lost or repeated, each entry numbered by its place in it.
 */
class GrantTimelineMergeTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    /** One generated entry: its source, one of a few instants (so many collide, across sources too), an id. */
    private record Drawn(int source, int instant, int nanos, String id) {}

    /** The sources as stores answer them: newest first, only what the bound admits, at most the limit. */
    private static TreeMap<Source, GrantTimelineService.Read> sources(List<Entry> entries) {
        return TreeMap.ofEntries(List.of(Source.values()).map(source -> io.vavr.Tuple.of(source,
                (GrantTimelineService.Read) (before, limit) -> entries.filter(e -> e.source() == source)
                        .filter(e -> before.forAll(b -> b.admits(e.at(), e.id())))
                        .sorted(GrantTimelineService.NEWEST_FIRST).take(limit))));
    }

    private static Entry entry(Drawn drawn) {
        var at = T0.plusSeconds(drawn.instant()).plusNanos(drawn.nanos());
        return switch (drawn.source()) {
            case 0 -> List.<Entry>of(new Issued(at, new GrantOrigin.Direct()), new Delivered(at, true),
                    new Revoked(at, RevocationReason.MANUAL)).get(Math.abs(drawn.id().hashCode()) % 3);
            case 1 -> new KeyRotated(at, String.format("%064x", Math.abs((long) drawn.id().hashCode())), "key_1");
            case 2 -> new Resent(at, "msg_" + drawn.id(), "operator:op_1");
            case 3 -> new Action(at, "aud_" + drawn.id(), "op_1", "revoked", "");
            case 4 -> new GrantTimeline.Email(at, "msg_" + drawn.id(), "email.license_key_delivery",
                    GrantTimeline.EmailState.SENT, 0, Option.none(), Option.some(at), Option.none(), false);
            default -> new GrantTimeline.Webhook(at, "msg_" + drawn.id(), "whk_1", "entitlement_grant.created",
                    GrantTimeline.WebhookState.DELIVERED, 1, Option.some(200), Option.none(), Option.some(at), false);
        };
    }

    /** The pages from the newest, each of a size drawn anew, as the console's links would read them. */
    private static List<GrantTimeline.Page> paged(TreeMap<Source, GrantTimelineService.Read> sources, java.util.Iterator<Integer> sizes) {
        var pages = new ArrayList<GrantTimeline.Page>();
        Option<Older> before = Option.none();
        do {
            var page = GrantTimelineService.page(sources, before, sizes.next());
            pages.add(page);
            before = page.older();
        } while (before.isDefined() && pages.size() < 10_000);
        return List.ofAll(pages);
    }

    @Nested
    class Generated {

        @Test
        void pages_of_random_sizes_concatenate_to_the_whole_timeline_with_nothing_lost_or_repeated() {
            for (int round = 0; round < 200; round++) {
                int seed = 31_000 + round;
                var entries = List.ofAll(Instancio.ofList(Drawn.class).size(1 + round * 7 % 60)
                                .supply(all(Drawn.class), r -> new Drawn(r.intRange(0, 5), r.intRange(0, 4),
                                        r.oneOf(0, 0, 0, 1, 999_999_999), r.alphanumeric(r.intRange(1, 3))))
                                .withSeed(seed).create())
                        .map(GrantTimelineMergeTest::entry)
                        .distinctBy(e -> e.source() + "|" + e.at() + "|" + e.id());
                var whole = entries.sorted(GrantTimelineService.NEWEST_FIRST);
                var sizes = Instancio.ofList(Integer.class).size(10_000)
                        .supply(all(Integer.class), r -> r.intRange(1, 7)).withSeed(seed).create().iterator();

                var pages = paged(sources(entries), sizes);

                assertThat(pages.flatMap(GrantTimeline.Page::entries)).as("seed %d", seed).containsExactlyElementsOf(whole);
                int number = 1;
                for (var page : pages) {
                    assertThat(page.first()).as("seed %d", seed).isEqualTo(number);
                    number += page.entries().size();
                }
                assertThat(pages.init().forAll(p -> !p.entries().isEmpty())).isTrue();
            }
        }
    }

    @Nested
    class At_one_instant {

        @Test
        void one_entry_of_each_source_at_the_same_instant_is_read_once_whatever_the_page_size() {
            var at = T0.plusSeconds(1);
            List<Entry> entries = List.of(new Issued(at, new GrantOrigin.Direct()), new KeyRotated(at, "a".repeat(64), "key_1"),
                    new Resent(at, "msg_1", "operator:op_1"), new Action(at, "aud_1", "op_1", "resent", ""));

            for (int size = 1; size <= 4; size++) {
                int each = size;
                var pages = paged(sources(entries), java.util.stream.Stream.generate(() -> each).iterator());
                assertThat(pages.flatMap(GrantTimeline.Page::entries)).containsExactlyElementsOf(
                        entries.sorted(GrantTimelineService.NEWEST_FIRST));
            }
        }

        @Test
        void the_bound_of_another_source_takes_all_or_none_of_the_instant() {
            var older = Option.some(new Older(T0, Source.RESEND, "msg_5", 25));

            assertThat(GrantTimelineService.bound(Source.RESEND, older).get().admits(T0, "msg_4")).isTrue();
            assertThat(GrantTimelineService.bound(Source.RESEND, older).get().admits(T0, "msg_5")).isFalse();
            assertThat(GrantTimelineService.bound(Source.KEY_VALUE, older).get().admits(T0, "f".repeat(64))).isTrue();
            assertThat(GrantTimelineService.bound(Source.ACTION, older).get().admits(T0, "aud_0")).isFalse();
            assertThat(GrantTimelineService.bound(Source.ACTION, older).get().admits(T0.minusNanos(1), "aud_z")).isTrue();
        }
    }

    @Nested
    class Links {

        @Test
        void a_position_reads_back_from_its_token_and_any_other_text_is_refused() {
            var older = new Older(T0.plusNanos(123), Source.KEY_VALUE, "ab12", 50);

            assertThat(Older.parse(older.token())).contains(older);
            for (var forged : List.of("", "~", older.token() + "~1", "2026-03-01T12:00:00Z~resend~msg_1~0",
                    "2026-03-01T12:00:00Z~other~msg_1~25", "2026-03-01T12:00:00Z~resend~msg 1~25", "yesterday~resend~msg_1~25",
                    "+1000000000-12-31T23:59:59.999999999Z~resend~msg_1~25", "2026-03-01T12:00:00Z~resend~msg_1~99999999999")) {
                assertThat(Older.parse(forged).isLeft()).as(forged).isTrue();
            }
        }
    }
}
