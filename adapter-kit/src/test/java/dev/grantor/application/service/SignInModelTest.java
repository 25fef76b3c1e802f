package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web faces' one-time links and sessions, every sequence of four commands in each realm (after a link minted and
 * opened), through {@link SignInService} on the in-memory store, each step compared with a model written from the
 * {@code SignIn} port's contract: a link opens one session, once, before its lifetime ends (15 minutes in the console,
 * 24 hours in the portal); a session lives while it was used within the idle timeout (8 hours, 1 hour), its use written
 * at most once a minute (so the timeout runs from the last written use); a session ended is gone; neither is found in
 * the other realm. A secret the service never issued is refused before any look-up.
 */
class SignInModelTest {

    static final int LENGTH = 4;

    enum Command {
        MINT, OPEN_LAST_LINK, OPEN_FIRST_LINK, RESUME, END, WAIT_30_SECONDS, WAIT_A_LINK_LIFE, WAIT_ALMOST_IDLE
    }

    /** A link as the model sees it. */
    static final class Link {
        final String token;
        final Instant expiresAt;
        boolean used;

        Link(String token, Instant expiresAt) {
            this.token = token;
            this.expiresAt = expiresAt;
        }
    }

    /** A session as the model sees it: when it opened, and its last use written. */
    static final class Session {
        final String token;
        final Instant createdAt;
        Instant lastWritten;
        boolean ended;

        Session(String token, Instant createdAt) {
            this.token = token;
            this.createdAt = createdAt;
            this.lastWritten = createdAt;
        }
    }

    /** Minting deletes expired links now and then and says so: thousands of sequences would fill the build's log. */
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger(SignInService.class.getName());

    int sequences;

    @Test
    void every_sequence_of_four_commands_in_each_realm_does_what_the_contract_says() {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        for (var realm : Realm.values()) {
            walk(realm, new ArrayList<>());
        }
        assertThat(sequences).isEqualTo(2 * (int) Math.pow(Command.values().length, LENGTH));
    }

    private void walk(Realm realm, List<Command> path) {
        if (path.size() == LENGTH) {
            sequences++;
            run(realm, path);
            return;
        }
        for (var command : Command.values()) {
            path.add(command);
            walk(realm, path);
            path.remove(path.size() - 1);
        }
    }

    private static void run(Realm realm, List<Command> commands) {
        var store = new InMemoryStore();
        var business = ContractFixtures.business();
        store.transactions().write(() -> {
            store.businesses().insert(business);
            return Either.right(business);
        });
        var clock = new MutableClock(Instant.parse("2026-12-05T10:00:00.250Z"));
        var service = new SignInService(store.transactions(), store.businesses(), store.operators(), store.customers(), store.signIns(), clock);
        var principal = new Principal(realm, business.id(), realm == Realm.CONSOLE ? "opr_0000000000000000000001" : "cus_1");
        var other = realm == Realm.CONSOLE ? Realm.PORTAL : Realm.CONSOLE;
        var linkLife = realm == Realm.CONSOLE ? Duration.ofMinutes(15) : Duration.ofHours(24);
        var idle = realm == Realm.CONSOLE ? Duration.ofHours(8) : Duration.ofHours(1);
        var links = new ArrayList<Link>();
        var sessions = new ArrayList<Session>();
        var path = new ArrayList<Command>();

        var all = new ArrayList<Command>(List.of(Command.MINT, Command.OPEN_LAST_LINK));
        all.addAll(commands);
        for (var command : all) {
            path.add(command);
            var now = clock.instant();
            String where = realm + " after " + path;
            switch (command) {
                case MINT -> {
                    var link = service.mintLink(principal).get();
                    assertThat(link.expiresAt()).as(where).isEqualTo(now.plus(linkLife));
                    assertThat(link.token()).as(where).matches("[A-Za-z0-9_-]{43}");
                    links.add(new Link(link.token(), link.expiresAt()));
                }
                case OPEN_LAST_LINK, OPEN_FIRST_LINK -> {
                    var link = links.isEmpty() ? null : command == Command.OPEN_FIRST_LINK ? links.get(0) : links.get(links.size() - 1);
                    String token = link == null ? "x".repeat(43) : link.token;
                    // another realm never opens it, nor uses it up
                    assertThat(service.redeem(other, token).isLeft()).as("opened in the other realm: " + where).isTrue();
                    var opened = service.redeem(realm, token);
                    boolean opens = link != null && !link.used && now.isBefore(link.expiresAt);
                    if (opens) {
                        if (opened.isLeft() || !opened.get().principal().equals(principal)) {
                            fail("expected a session of %s, got %s: %s", principal, opened, where);
                        }
                        link.used = true;
                        sessions.add(new Session(opened.get().token(), now));
                    } else if (opened.isRight() || opened.getLeft().code() != ErrorCode.UNAUTHORIZED) {
                        fail("expected UNAUTHORIZED, got %s: %s", opened, where);
                    }
                }
                case RESUME -> {
                    var session = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
                    String token = session == null ? "y".repeat(43) : session.token;
                    // the other realm neither finds it (nor writes its use) nor ends it
                    assertThat(service.resume(other, token).isEmpty()).as("found in the other realm: " + where).isTrue();
                    service.end(other, token);
                    var resumed = service.resume(realm, token);
                    boolean live = session != null && !session.ended && now.isBefore(session.lastWritten.plus(idle));
                    if (!live) {
                        assertThat(resumed.isEmpty()).as("no session expected: " + where).isTrue();
                    } else {
                        if (resumed.isEmpty()) {
                            fail("expected the session, found none: %s", where);
                        }
                        assertThat(resumed.get().principal()).as(where).isEqualTo(principal);
                        assertThat(resumed.get().createdAt()).as(where).isEqualTo(session.createdAt);
                        assertThat(resumed.get().lastSeenAt()).as(where).isEqualTo(session.lastWritten);
                        if (!now.isBefore(session.lastWritten.plus(Duration.ofMinutes(1)))) {
                            session.lastWritten = now;
                        }
                    }
                }
                case END -> {
                    if (!sessions.isEmpty()) {
                        var session = sessions.get(sessions.size() - 1);
                        service.end(realm, session.token);
                        session.ended = true;
                    }
                }
                case WAIT_30_SECONDS -> clock.advance(Duration.ofSeconds(30));
                case WAIT_A_LINK_LIFE -> clock.advance(linkLife);
                case WAIT_ALMOST_IDLE -> clock.advance(idle.minusSeconds(30));
            }
        }
    }
}
