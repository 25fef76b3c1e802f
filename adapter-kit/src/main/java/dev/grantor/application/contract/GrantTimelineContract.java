package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.GrantTimeline.Entry;
import dev.grantor.application.port.in.GrantTimeline.Older;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.LicenseKeys.PastValue;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.domain.shared.GrantId;
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
 * A grant's timeline read from the five stores it merges ({@code LicenseKeys}' past values, {@code ResendLedger},
 * {@code AuditTrail}, the {@code Outbox}'s emails about the grant, the {@code WebhookDeliveries} of its events) with the
 * grant's own steps: entries of one instant in several sources, and of one nanosecond
 * apart, are each read once across every page boundary, whatever the page size; another business's or grant's entries
 * never show, whatever position a link carries.
 */
public abstract class GrantTimelineContract extends PortContract {

    private ContractFixtures.World world;
    private Grant grant;
    private LicenseKey key;
    private GrantTimeline timeline;
    private WebhookEndpoint endpoint;

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
                store.auditTrail(), store.outbox(), store.webhookDeliveries());
        endpoint = WebhookFixtures.endpoint(world.businessId(), at(1));
        inUnit(() -> store.webhookEndpoints().insert(endpoint, 100));
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
                store.outbox().append(List.of(email(business, "msg_e" + stamp(at), at, Option.some(grant.id())),
                        email(business, "msg_F" + stamp(at), at, Option.some(grant.id()))));
                store.webhookDeliveries().record(List.of(delivery("msg_w" + stamp(at), at, Option.some(grant.id())),
                        delivery("msg_X" + stamp(at), at, Option.some(grant.id()))));
            });
        }
        var whole = read(Option.none(), 100).entries();
        assertThat(whole).hasSize(3 + 4 * 10);
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
            store.outbox().append(List.of(email(business, "msg_mine", at(2), Option.some(grant.id())),
                    email(other.businessId(), "msg_theirs", at(2), Option.some(grant.id())),
                    email(business, "msg_siblings", at(2), Option.some(otherGrant.id())),
                    email(business, "msg_nobodys", at(2), Option.none()),
                    OutboxMessage.fresh("msg_event", business, Kind.EVENT, "entitlement_grant.created", "{}", at(2))
                            .about(Option.some(grant.id()))));
            var theirEndpoint = WebhookFixtures.endpoint(other.businessId(), at(1));
            store.webhookEndpoints().insert(theirEndpoint, 100);
            store.webhookDeliveries().record(List.of(delivery("msg_delivered", at(2), Option.some(grant.id())),
                    WebhookDelivery.fresh("msg_their_delivery", other.businessId(), theirEndpoint.id(), "msg_e2",
                            "entitlement_grant.created", "{}", at(2), Option.some(grant.id())),
                    delivery("msg_sibling_delivery", at(2), Option.some(otherGrant.id())),
                    delivery("msg_nobodys_delivery", at(2), Option.none())));
        });

        var otherPage = timeline.timeline(business, otherGrant.id().value(), Option.none(), 1).get();
        var theirs = read(Option.some(otherPage.older().getOrElse(new Older(at(9), GrantTimeline.Source.ACTION, "aud_zzz", 1))), 100);

        assertThat(read(Option.none(), 100).entries().map(Entry::id))
                .containsExactly("3-revoked", "msg_delivered", "msg_mine", "aud_mine", "2-delivered", "1-issued");
        assertThat(theirs.entries().map(Entry::id)).doesNotContain("aud_theirs", "aud_sibling", "msg_sibling", "msg_theirs",
                "msg_siblings", "msg_nobodys", "msg_event", "msg_their_delivery", "msg_sibling_delivery", "msg_nobodys_delivery");
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
            store.outbox().append(List.of(email(business, "msg_a", at, Option.some(grant.id())),
                    email(business, "msg_b", at, Option.some(grant.id()))));
            store.webhookDeliveries().record(List.of(delivery("msg_a", at, Option.some(grant.id())),
                    delivery("msg_b", at, Option.some(grant.id()))));
        });

        for (var bound : List.of(Before.strictly(at), Before.through(at), Before.through(at.minusNanos(1)))) {
            int expected = bound.at().isAfter(at) ? 2 : 0;
            assertThat(reading(() -> store.licenseKeys().latestPastValues(key.id(), Option.some(bound), 10))).hasSize(expected);
            assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.some(bound), 10))).hasSize(expected);
            assertThat(reading(() -> store.auditTrail().latestAbout(business, grant.id().value(), Option.some(bound), 10)))
                    .hasSize(expected);
            assertThat(reading(() -> store.outbox().emailsAbout(business, grant.id(), Option.some(bound), 10))).hasSize(expected);
            assertThat(reading(() -> store.webhookDeliveries().aboutGrant(business, grant.id(), Option.some(bound), 10)))
                    .hasSize(expected);
        }
        assertThat(reading(() -> store.outbox().emailsAbout(business, grant.id(), Option.some(new Before(at, "msg_b")), 10))
                .map(Outbox.GrantEmail::id)).containsExactly("msg_a");
        assertThat(reading(() -> store.webhookDeliveries().aboutGrant(business, grant.id(), Option.some(new Before(at, "msg_b")), 10))
                .map(WebhookDelivery::id)).containsExactly("msg_a");
        assertThat(reading(() -> store.outbox().emailsAbout(business, grant.id(), Option.none(), 1))
                .map(Outbox.GrantEmail::id)).containsExactly("msg_b");
        assertThat(reading(() -> store.licenseKeys().latestPastValues(key.id(), Option.some(new Before(at, sha('b', at))), 10))
                .map(PastValue::valueSha256)).containsExactly(sha('a', at));
        assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.some(new Before(at, "msg_b")), 10))
                .map(ResendLedger.Entry::outboxMessageId)).containsExactly("msg_a");
        assertThat(reading(() -> store.auditTrail().latestAbout(business, grant.id().value(), Option.some(new Before(at, "aud_b")), 10))
                .map(AuditEntry::id)).containsExactly("aud_a");
        assertThat(reading(() -> store.resendLedger().latest(business, grant.id(), Option.none(), 1))
                .map(ResendLedger.Entry::outboxMessageId)).containsExactly("msg_b");
    }

    @Test
    void an_email_shows_as_it_stands_queued_retried_parked_requeued_and_sent() {
        var business = world.businessId();
        inUnit(() -> store.outbox().append(List.of(email(business, "msg_mail", at(4), Option.some(grant.id())))));

        assertThat(emailEntry()).isEqualTo(new GrantTimeline.Email(at(4), "msg_mail", "email.license_key_delivery",
                GrantTimeline.EmailState.PENDING, 0, Option.none(), Option.none(), Option.none(), false));
        store.outbox().reschedule(store.outbox().find("msg_mail").get().claim(), 1, at(5), "421 <b>busy</b> \"try later\"");
        assertThat(emailEntry().attempts()).isEqualTo(1);
        assertThat(emailEntry().retryAt()).as("when the relay tries it next").contains(at(5));
        assertThat(emailEntry().lastError()).contains("421 <b>busy</b> \"try later\"");
        store.outbox().park(store.outbox().find("msg_mail").get().claim(), 2, "550 no such mailbox", at(6));
        assertThat(emailEntry()).isEqualTo(new GrantTimeline.Email(at(4), "msg_mail", "email.license_key_delivery",
                GrantTimeline.EmailState.PARKED, 2, Option.some("550 no such mailbox"), Option.some(at(6)), Option.none(), true));
        assertThat(store.outbox().requeue("msg_mail", at(7))).isTrue();
        assertThat(emailEntry().state()).isEqualTo(GrantTimeline.EmailState.PENDING);
        assertThat(emailEntry().settledAt()).isEmpty();
        store.outbox().markSent(store.outbox().find("msg_mail").get().claim(), at(8));
        assertThat(emailEntry().state()).isEqualTo(GrantTimeline.EmailState.SENT);
        assertThat(emailEntry().settledAt()).contains(at(8));
        assertThat(emailEntry().requeueable()).isFalse();
    }

    @Test
    void a_webhook_delivery_shows_its_attempts_and_last_answer_and_whether_it_can_be_retried() {
        inUnit(() -> store.webhookDeliveries().record(List.of(delivery("msg_hook", at(4), Option.some(grant.id())))));

        store.webhookDeliveries().claimDue(at(4), 10, java.time.Duration.ofSeconds(60));
        store.webhookDeliveries().reschedule(hookClaim(), 1, Option.some(500), "HTTP 500: <script>", at(5), at(9));
        assertThat(webhookEntry()).isEqualTo(new GrantTimeline.Webhook(at(4), "msg_hook", endpoint.id(),
                "entitlement_grant.created", GrantTimeline.WebhookState.PENDING, 1, Option.some(500),
                Option.some("HTTP 500: <script>"), Option.some(at(5)), true));
        store.webhookDeliveries().claimDue(at(9), 10, java.time.Duration.ofSeconds(60));
        store.webhookDeliveries().markDelivered(hookClaim(), 2, 204, at(10));
        assertThat(webhookEntry().state()).isEqualTo(GrantTimeline.WebhookState.DELIVERED);
        assertThat(webhookEntry().attempts()).isEqualTo(2);
        assertThat(webhookEntry().lastResponseCode()).contains(204);
        assertThat(webhookEntry().lastAttemptAt()).contains(at(10));
        assertThat(webhookEntry().retryable()).isFalse();
    }

    private GrantTimeline.Email emailEntry() {
        return read(Option.none(), 100).entries().filter(GrantTimeline.Email.class::isInstance)
                .map(GrantTimeline.Email.class::cast).single();
    }

    private GrantTimeline.Webhook webhookEntry() {
        return read(Option.none(), 100).entries().filter(GrantTimeline.Webhook.class::isInstance)
                .map(GrantTimeline.Webhook.class::cast).single();
    }

    private static OutboxMessage email(BusinessId business, String id, Instant at, Option<GrantId> about) {
        return OutboxMessage.fresh(id, business, Kind.EMAIL, "email.license_key_delivery", "{\"version\":1}", at).about(about);
    }

    private WebhookDelivery delivery(String id, Instant at, Option<GrantId> about) {
        return WebhookDelivery.fresh(id, world.businessId(), endpoint.id(), "msg_event_" + id, "entitlement_grant.created",
                "{}", at, about);
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

    /** The claim that holds the delivery now, as a dispatcher holding it would name it. */
    private dev.grantor.application.port.out.Claim hookClaim() {
        return store.webhookDeliveries().find(world.businessId(), "msg_hook").get().claim();
    }
}
