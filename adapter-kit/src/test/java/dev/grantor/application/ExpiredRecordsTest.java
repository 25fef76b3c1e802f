package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.background.Retention;
import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What nothing else would ever remove is deleted as the engine goes: idle sessions and long-expired links when a link is
 * minted, idempotency records past their time to live when a request claims a key, the customer portal's expired links
 * and codes and the throttle windows no limit counts any more on every way into the portal. The count of what is left is read
 * with the ports' own purges at a cutoff far ahead, so each assertion counts the rows still stored.
 */
class ExpiredRecordsTest {

    private static final Instant FAR_AHEAD = Instant.parse("2200-01-01T00:00:00Z");

    private final EngineFixture engine = new EngineFixture();

    private SignIn.OpenedSession signedIn(SignIn.Realm realm, String subject) {
        var principal = new SignIn.Principal(realm, engine.business, subject);
        var link = engine.grantor.signIn().mintLink(principal).get();
        return engine.grantor.signIn().redeem(realm, link.token()).get();
    }

    private int left(SignIns.Realm realm) {
        return engine.store.signIns().forgetSessionsSeenBefore(realm, FAR_AHEAD, 1_000);
    }

    @Test
    void minting_a_link_deletes_the_sessions_idle_past_their_realm_s_timeout_and_links_expired_long_enough() {
        signedIn(SignIn.Realm.CONSOLE, "owner");
        signedIn(SignIn.Realm.PORTAL, "cus_1");
        engine.clock.advance(Duration.ofHours(2));
        var stillLive = signedIn(SignIn.Realm.CONSOLE, "owner");
        engine.clock.advance(Duration.ofHours(SignIn.CONSOLE_IDLE_HOURS).minusHours(1));

        engine.grantor.signIn().mintLink(new SignIn.Principal(SignIn.Realm.CONSOLE, engine.business, "owner")).get();

        assertThat(engine.grantor.signIn().resume(SignIn.Realm.CONSOLE, stillLive.token())).as("a live session stays").isNotEmpty();
        assertThat(engine.store.signIns().forgetLinksExpiredBefore(FAR_AHEAD, 1_000))
                .as("the links that expired more than " + OperatorAccess.LINKS_COUNTED_FOR + " ago went; the portal's (a day) and the newest stay")
                .isEqualTo(2);
        assertThat(left(SignIns.Realm.CONSOLE)).as("the first console session, idle 9 hours, went").isEqualTo(1);
        assertThat(left(SignIns.Realm.PORTAL)).as("the portal session, idle past its hour, went").isZero();
    }

    @Test
    void a_purge_runs_at_most_once_an_interval_unless_its_chunk_came_back_full() {
        signedIn(SignIn.Realm.PORTAL, "cus_1");
        engine.clock.advance(Duration.ofMinutes(1));
        var idle = new SignIns.StoredSession("idle-session", new SignIns.Principal(SignIns.Realm.PORTAL, engine.business, "cus_9"),
                engine.clock.instant().minus(Duration.ofHours(2)), engine.clock.instant().minus(Duration.ofHours(2)));
        engine.store.transactions().write(() -> {
            engine.store.signIns().insertSession(idle);
            return io.vavr.control.Either.right(true);
        });

        signedIn(SignIn.Realm.PORTAL, "cus_2");
        assertThat(stored(idle)).as("a minute after the last purge").isTrue();

        engine.clock.advance(dev.grantor.application.background.Retention.INTERVAL);
        signedIn(SignIn.Realm.PORTAL, "cus_3");
        assertThat(stored(idle)).as("an interval later").isFalse();
    }

    private boolean stored(SignIns.StoredSession session) {
        return engine.store.transactions().read(() -> engine.store.signIns().findSession(SignIns.Realm.PORTAL, session.tokenHash()))
                .isDefined();
    }

    @Test
    void claiming_a_key_deletes_the_records_past_the_time_to_live() {
        var requests = engine.grantor.idempotentRequests().get();
        var ttl = Duration.ofHours(1);
        requests.claim(engine.business, "early-1", "POST /a", ttl);
        requests.claim(engine.business, "early-2", "POST /b", ttl);
        engine.clock.advance(Duration.ofMinutes(30));
        requests.claim(engine.business, "middle", "POST /c", ttl);
        engine.clock.advance(Duration.ofMinutes(45));

        requests.claim(engine.business, "late", "POST /d", ttl);

        assertThat(engine.store.idempotencyRecords().forgetClaimedBefore(FAR_AHEAD, 1_000))
                .as("the two claimed 75 minutes ago went; the one of 45 minutes ago and the new one stay").isEqualTo(2);
    }

    @Test
    void minting_a_portal_link_deletes_the_portal_s_expired_links_without_any_code_request() {
        // a shop that only mints links (Dodo's customer-portal session) and never sends a customer to the code form
        CustomerPortal portal = engine.grantor.customerPortal();
        String customer = engine.issue(engine.autoEntitlement()).grant().customerId().value();
        var shop = URI.create("https://shop.example/portal");
        portal.mintLink(engine.business, new MintLink(customer, false, null), shop).get();
        portal.mintLink(engine.business, new MintLink(customer, false, null), shop).get();
        engine.clock.advance(Duration.ofDays(2));

        portal.mintLink(engine.business, new MintLink(customer, false, null), shop).get();

        assertThat(engine.store.portalSignIns().forgetLinksExpiredBefore(FAR_AHEAD, 1_000)).as("only the live link is left")
                .isEqualTo(1);
    }

    @Test
    void a_portal_sign_in_try_deletes_the_throttle_windows_no_limit_counts_any_more() {
        // sign-in tries count per client address; a flood of them from many addresses needs no code request at all
        CustomerPortal portal = engine.grantor.customerPortal();
        portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "203.0.113.1");
        portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "203.0.113.2");
        engine.clock.advance(Duration.ofHours(3));

        portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "203.0.113.3");

        assertThat(engine.store.throttles().forgetBefore(FAR_AHEAD, 1_000)).as("only the new try's window is left").isEqualTo(1);
    }

    @Test
    void a_portal_request_deletes_at_most_one_chunk_of_each_and_a_backlog_drains_over_the_next_requests() {
        // after an outage or a flood: 2,500 expired links, 2,500 expired codes and 2,500 windows no limit counts
        int backlog = 2 * Retention.CHUNK + Retention.CHUNK / 2;
        var now = engine.clock.instant();
        var customer = new CustomerId(ContractFixtures.id(CustomerId.PREFIX));
        engine.store.transactions().write(() -> {
            for (int i = 0; i < backlog; i++) {
                engine.store.portalSignIns().insertLink(new PortalSignIns.SignInLink("expired-" + i, engine.business, customer,
                        Option.none(), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
                engine.store.portalSignIns().putCode(new PortalSignIns.SignInCode(engine.business, i + "@example.com", "h",
                        now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), 0));
                engine.store.throttles().count("sign-in-address:flood-" + i, now.minus(Duration.ofHours(3)));
            }
            return Either.right(true);
        });
        CustomerPortal portal = engine.grantor.customerPortal();

        for (int left : new int[] {backlog - Retention.CHUNK, backlog - 2 * Retention.CHUNK, 0}) {
            portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "203.0.113.1");

            assertThat(stillExpired()).as("one chunk of each per request").containsExactly(left, left, left);
        }
    }

    /** Expired links, expired codes and windows no limit counts, in that order. */
    private java.util.List<Integer> stillExpired() {
        var now = engine.clock.instant();
        return java.util.List.of(counted(() -> engine.store.portalSignIns().forgetLinksExpiredBefore(now, Integer.MAX_VALUE)),
                counted(() -> engine.store.portalSignIns().forgetCodesExpiredBefore(now, Integer.MAX_VALUE)),
                counted(() -> engine.store.throttles().forgetBefore(now.minus(Duration.ofHours(2)), Integer.MAX_VALUE)));
    }

    /** What a purge would delete, counted in a unit that rolls back: the rows stay for the next request. */
    private int counted(java.util.function.IntSupplier purge) {
        return engine.store.transactions().<Integer, Integer>write(() -> Either.left(purge.getAsInt())).getLeft();
    }
}
