package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.SignIns.Principal;
import dev.grantor.application.port.out.SignIns.Realm;
import dev.grantor.application.port.out.SignIns.StoredLink;
import dev.grantor.application.port.out.SignIns.StoredSession;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code SignIns}: links redeem once, before they expire, in their realm only; sessions never cross realms. */
public abstract class SignInsContract extends PortContract {

    private static final BusinessId BUSINESS = ContractFixtures.business().id();

    @Test
    void a_link_is_redeemed_once_and_answers_its_principal() {
        var link = insertedLink(Realm.CONSOLE, "op_1", 0, 900);

        var first = redeem(Realm.CONSOLE, link.tokenHash(), 10);
        var second = redeem(Realm.CONSOLE, link.tokenHash(), 11);

        assertThat(first).isNotEmpty();
        assertThat(first.get().principal()).isEqualTo(link.principal());
        assertThat(first.get().usedAt()).contains(at(10));
        assertThat(second).as("a used link").isEmpty();
    }

    @Test
    void an_expired_link_or_one_of_another_realm_is_not_redeemed_and_stays_unused() {
        var link = insertedLink(Realm.CONSOLE, "op_1", 0, 900);

        assertThat(redeem(Realm.PORTAL, link.tokenHash(), 10)).as("another realm").isEmpty();
        assertThat(redeem(Realm.CONSOLE, link.tokenHash(), 900)).as("at its expiry").isEmpty();
        assertThat(redeem(Realm.CONSOLE, "unknown", 1)).as("unknown").isEmpty();
        var fresh = insertedLink(Realm.PORTAL, "cus_1", 0, 900);
        assertThat(redeem(Realm.PORTAL, fresh.tokenHash(), 899)).as("still valid, after the refusals").isNotEmpty();
    }

    @Test
    void of_racing_redeemers_of_one_link_exactly_one_gets_it() {
        var link = insertedLink(Realm.CONSOLE, "op_1", 0, 900);

        var outcomes = race(16, i -> redeem(Realm.CONSOLE, link.tokenHash(), 5 + i % 3));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().filter(o -> o.get().isDefined()).count()).isEqualTo(1);
    }

    @Test
    void a_session_is_found_in_its_realm_only_touched_forward_and_gone_once_deleted() {
        var session = new StoredSession("hash-" + ContractFixtures.id("s"), new Principal(Realm.PORTAL, BUSINESS, "cus_1"),
                at(0), at(0));
        inUnit(() -> store.signIns().insertSession(session));

        assertThat(reading(() -> store.signIns().findSession(Realm.PORTAL, session.tokenHash()))).contains(session);
        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, session.tokenHash()))).isEmpty();
        assertThat(write(() -> store.signIns().touchSession(session.tokenHash(), at(60)))).isTrue();
        assertThat(write(() -> store.signIns().touchSession(session.tokenHash(), at(30)))).isTrue();
        assertThat(reading(() -> store.signIns().findSession(Realm.PORTAL, session.tokenHash())).get().lastSeenAt())
                .isEqualTo(at(60));
        assertThat(write(() -> store.signIns().deleteSession(session.tokenHash()))).isTrue();
        assertThat(write(() -> store.signIns().deleteSession(session.tokenHash()))).isFalse();
        assertThat(write(() -> store.signIns().touchSession(session.tokenHash(), at(90)))).isFalse();
        assertThat(reading(() -> store.signIns().findSession(Realm.PORTAL, session.tokenHash()))).isEmpty();
    }

    @Test
    void a_session_keeps_its_times_to_the_nanosecond() {
        Instant precise = at(5).plusNanos(123_456_789);
        var session = new StoredSession("hash-" + ContractFixtures.id("s"), new Principal(Realm.CONSOLE, BUSINESS, "owner"),
                precise, precise);
        inUnit(() -> store.signIns().insertSession(session));

        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, session.tokenHash()))).contains(session);
    }

    @Test
    void sessions_of_a_realm_last_seen_before_a_cutoff_are_deleted_oldest_first_a_limit_at_a_time() {
        var oldest = insertedSession(Realm.CONSOLE, 10);
        var older = insertedSession(Realm.CONSOLE, 20);
        var atCutoff = insertedSession(Realm.CONSOLE, 30);
        var otherRealm = insertedSession(Realm.PORTAL, 5);

        assertThat(store.signIns().forgetSessionsSeenBefore(Realm.CONSOLE, at(30), 1)).isEqualTo(1);
        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, oldest.tokenHash()))).isEmpty();
        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, older.tokenHash()))).contains(older);
        assertThat(store.signIns().forgetSessionsSeenBefore(Realm.CONSOLE, at(30), 10)).isEqualTo(1);
        assertThat(store.signIns().forgetSessionsSeenBefore(Realm.CONSOLE, at(30), 10)).isZero();
        assertThat(store.signIns().forgetSessionsSeenBefore(Realm.CONSOLE, at(100), 0)).isZero();

        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, older.tokenHash()))).isEmpty();
        assertThat(reading(() -> store.signIns().findSession(Realm.CONSOLE, atCutoff.tokenHash()))).as("the cutoff is exclusive")
                .contains(atCutoff);
        assertThat(reading(() -> store.signIns().findSession(Realm.PORTAL, otherRealm.tokenHash()))).as("another realm's")
                .contains(otherRealm);
    }

    @Test
    void links_expired_before_a_cutoff_are_deleted_used_or_not_oldest_first_a_limit_at_a_time() {
        var used = insertedLink(Realm.CONSOLE, "op_1", 0, 100);
        redeem(Realm.CONSOLE, used.tokenHash(), 50);
        var later = insertedLink(Realm.PORTAL, "cus_1", 0, 200);
        var atCutoff = insertedLink(Realm.CONSOLE, "op_1", 0, 300);

        assertThat(store.signIns().forgetLinksExpiredBefore(at(300), 1)).isEqualTo(1);
        assertThat(redeem(Realm.PORTAL, later.tokenHash(), 150)).as("the used one went first").isNotEmpty();
        assertThat(store.signIns().forgetLinksExpiredBefore(at(300), 10)).isEqualTo(1);
        assertThat(store.signIns().forgetLinksExpiredBefore(at(300), 10)).isZero();
        assertThat(store.signIns().forgetLinksExpiredBefore(at(1000), 0)).isZero();

        assertThat(redeem(Realm.CONSOLE, atCutoff.tokenHash(), 299)).as("the cutoff is exclusive").isNotEmpty();
    }

    /** An operator's removal: everything of one principal goes, nobody else's, the same subject in another realm included. */
    @Test
    void forgetting_a_principal_deletes_its_sessions_and_links_and_nobody_else_s() {
        String subject = ContractFixtures.id("op");
        var leaving = new Principal(Realm.CONSOLE, BUSINESS, subject);
        var elsewhere = new Principal(Realm.CONSOLE, ContractFixtures.business().id(), subject);
        var portal = new Principal(Realm.PORTAL, BUSINESS, subject);
        var colleague = new Principal(Realm.CONSOLE, BUSINESS, ContractFixtures.id("op"));
        var sessions = io.vavr.collection.List.of(leaving, leaving, elsewhere, portal, colleague).map(p -> {
            var session = new StoredSession("hash-" + ContractFixtures.id("s"), p, at(0), at(0));
            inUnit(() -> store.signIns().insertSession(session));
            return session;
        });
        var links = io.vavr.collection.List.of(leaving, leaving, elsewhere, colleague).map(p -> {
            var link = new StoredLink("hash-" + ContractFixtures.id("l"), p, at(0), at(900), Option.none());
            inUnit(() -> store.signIns().insertLink(link));
            return link;
        });
        assertThat(redeem(Realm.CONSOLE, links.get(1).tokenHash(), 5)).as("a used link goes too").isNotEmpty();

        assertThat(write(() -> store.signIns().forget(leaving))).isEqualTo(2);

        assertThat(sessions.map(s -> reading(() -> store.signIns().findSession(s.principal().realm(), s.tokenHash())).isDefined()))
                .containsExactly(false, false, true, true, true);
        assertThat(redeem(Realm.CONSOLE, links.get(0).tokenHash(), 10)).as("an unused link of the principal").isEmpty();
        assertThat(redeem(Realm.CONSOLE, links.get(2).tokenHash(), 10)).as("the same subject in another business").isNotEmpty();
        assertThat(redeem(Realm.CONSOLE, links.get(3).tokenHash(), 10)).as("a colleague's").isNotEmpty();
        assertThat(write(() -> store.signIns().forget(leaving))).as("again").isZero();
    }

    private StoredSession insertedSession(Realm realm, long lastSeenSecond) {
        var session = new StoredSession("hash-" + ContractFixtures.id("s"), new Principal(realm, BUSINESS, "subject"),
                at(0), at(lastSeenSecond));
        inUnit(() -> store.signIns().insertSession(session));
        return session;
    }

    private StoredLink insertedLink(Realm realm, String subject, long createdSecond, long expiresSecond) {
        var link = new StoredLink("hash-" + ContractFixtures.id("l"), new Principal(realm, BUSINESS, subject),
                at(createdSecond), at(expiresSecond), Option.none());
        inUnit(() -> store.signIns().insertLink(link));
        return link;
    }

    private Option<StoredLink> redeem(Realm realm, String tokenHash, long second) {
        return write(() -> store.signIns().redeemLink(realm, tokenHash, at(second)));
    }

    private <T> T write(java.util.function.Supplier<T> work) {
        return store.transactions().write(() -> Either.<RuntimeException, T>right(work.get())).get();
    }
}
