package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.GrantTimeline.Entry;
import dev.grantor.application.port.in.GrantTimeline.Older;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.LicenseKeys.PastValue;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.service.GrantTimelineService;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A grant's timeline read from the three stores it merges ({@code LicenseKeys}' past values, {@code ResendLedger},
 * {@code AuditTrail}) with the grant's own steps: entries of one instant in several sources, and of one nanosecond
 * apart, are each read once across every page boundary, whatever the page size; another business's or grant's entries
 * never show, whatever position a link carries.
 */
public abstract class GrantTimelineContract extends PortContract {

    private ContractFixtures.World world;
    private Grant grant;
    private LicenseKey key;
    private GrantTimeline timeline;

    @BeforeEach
    void aRevokedGrantRotatedAndResent() {
        world = ContractFixtures.world(store);
        var delivered = ContractFixtures.fulfilled(ContractFixtures.pendingGrant(world, at(1)), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        grant = delivered.grant().revoke(RevocationReason.MANUAL, at(3)).grant();
        key = delivered.createdKey().get();
        inUnit(() -> {
            store.grants().insert(grant);
            store.licenseKeys().insert(key);
        });
        timeline = new GrantTimelineService(store.transactions(), store.grants(), store.licenseKeys(), store.resendLedger(),
                store.auditTrail());
    }

    @Test
    void entries_of_one_instant_in_every_source_are_each_read_once_whatever_the_page_size() {
        var business = world.businessId();
        for (var at : List.of(at(2), at(2).plusNanos(1), at(3), at(2).minusNanos(1))) {
            inUnit(() -> {
                store.licenseKeys().recordPastValue(new PastValue(key.id(), business, sha('a', at), at, "key_1"));
                store.licenseKeys().recordPastValue(new PastValue(key.id(), business, sha('b', at), at, "key_2"));
                store.resendLedger().record(resend(business, "msg_a" + stamp(at), at));
                store.resendLedger().record(resend(business, "msg_B" + stamp(at), at));
                store.auditTrail().append(audit(business, "aud_a" + stamp(at), grant.id().value(), at));
                store.auditTrail().append(audit(business, "aud_B" + stamp(at), grant.id().value(), at));
            });
        }
        var whole = read(Option.none(), 100).entries();
        assertThat(whole).hasSize(3 + 4 * 6);
        assertThat(whole.sliding(2).forAll(p -> !p.get(0).at().isBefore(p.get(1).at()))).isTrue();

        for (int size = 1; size <= whole.size() + 1; size++) {
            var pages = pages(size);
            assertThat(pages.flatMap(GrantTimeline.Page::entries)).as("pages of %d", size).containsExactlyElementsOf(whole);
            assertThat(pages.map(GrantTimeline.Page::first)).as("pages of %d", size)
                    .containsExactlyElementsOf(List.range(0, pages.size()).map(i -> 1 + i * pages.get(0).entries().size()));
        }
    }

    @Test
    void another_business_s_or_grant_s_entries_never_show_whatever_the_link_carries() {
        var business = world.businessId();
        var other = ContractFixtures.world(store);
        var otherGrant = ContractFixtures.pendingGrant(world, at(1));
        inUnit(() -> {
            store.grants().insert(otherGrant);
            store.auditTrail().append(audit(business, "aud_mine", grant.id().value(), at(2)));
            store.auditTrail().append(audit(other.businessId(), "aud_theirs", grant.id().value(), at(2)));
            store.auditTrail().append(audit(business, "aud_sibling", otherGrant.id().value(), at(2)));
            store.resendLedger().record(new ResendLedger.Entry("msg_sibling", business, otherGrant.id(), "operator",
                    "operator:op_1", at(2)));
        });

        var otherPage = timeline.timeline(business, otherGrant.id().value(), Option.none(), 1).get();
        var theirs = read(Option.some(otherPage.older().getOrElse(new Older(at(9), GrantTimeline.Source.ACTION, "aud_zzz", 1))), 100);

        assertThat(read(Option.none(), 100).entries().map(Entry::id)).containsExactly("3-revoked", "aud_mine", "2-delivered", "1-issued");
        assertThat(theirs.entries().map(Entry::id)).doesNotContain("aud_theirs", "aud_sibling", "msg_sibling");
        assertThat(timeline.timeline(other.businessId(), grant.id().value(), Option.none(), 10).isLeft()).isTrue();
    }

    @Test
    void each_store_reads_before_a_bound_by_time_then_id_to_the_nanosecond() {
        var business = world.businessId();
        var at = at(2).plusNanos(7);
        inUnit(() -> {
            store.licenseKeys().recordPastValue(new PastValue(key.id(), business, sha('a', at), at, "key_1"));
            store.licenseKeys().recordPastValue(new PastValue(key.id(), business, sha('b', at), at, "key_1"));
            store.resendLedger().record(resend(business, "msg_a", at));
            store.resendLedger().record(resend(business, "msg_b", at));
            store.auditTrail().append(audit(business, "aud_a", grant.id().value(), at));
            store.auditTrail().append(audit(business, "aud_b", grant.id().value(), at));
        });

        for (var bound : List.of(Before.strictly(at), Before.through(at), Before.through(at.minusNanos(1)))) {
            int expected = bound.at().isAfter(at) ? 2 : 0;
            assertThat(reading(() -> store.licenseKeys().latestPastValues(key.id(), Option.some(bound), 10))).hasSize(expected);
            assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.some(bound), 10))).hasSize(expected);
            assertThat(reading(() -> store.auditTrail().latestAbout(business, grant.id().value(), Option.some(bound), 10)))
                    .hasSize(expected);
        }
        assertThat(reading(() -> store.licenseKeys().latestPastValues(key.id(), Option.some(new Before(at, sha('b', at))), 10))
                .map(PastValue::valueSha256)).containsExactly(sha('a', at));
        assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.some(new Before(at, "msg_b")), 10))
                .map(ResendLedger.Entry::outboxMessageId)).containsExactly("msg_a");
        assertThat(reading(() -> store.auditTrail().latestAbout(business, grant.id().value(), Option.some(new Before(at, "aud_b")), 10))
                .map(AuditEntry::id)).containsExactly("aud_a");
        assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.none(), 1))
                .map(ResendLedger.Entry::outboxMessageId)).containsExactly("msg_b");
    }

    private GrantTimeline.Page read(Option<Older> before, int limit) {
        return timeline.timeline(world.businessId(), grant.id().value(), before, limit).get();
    }

    private List<GrantTimeline.Page> pages(int size) {
        var pages = List.of(read(Option.none(), size));
        while (pages.last().older().isDefined() && pages.size() < 100) {
            pages = pages.append(read(pages.last().older(), size));
        }
        return pages;
    }

    /** A value's hash, distinct per letter and instant, ordered by the letter first. */
    private static String sha(char letter, Instant at) {
        return (letter + String.format("%063x", at.getEpochSecond() * 1_000_000_000L + at.getNano())).substring(0, 64);
    }

    private static String stamp(Instant at) {
        return at.getEpochSecond() + "_" + at.getNano();
    }

    private ResendLedger.Entry resend(BusinessId business, String messageId, Instant at) {
        return new ResendLedger.Entry(messageId, business, grant.id(), "operator", "operator:op_1", at);
    }

    private static AuditEntry audit(BusinessId business, String id, String subject, Instant at) {
        return new AuditEntry(id, business, "op_1", "resent the delivery email", subject, "", at);
    }
}
