package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerPortal.CodeRequest;
import dev.grantor.application.port.in.CustomerPortal.SignInRefusal;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The portal's sign-in codes, run through the whole engine in generated sequences (Instancio, seeded) of requests, the
 * right code (as sent, or typed in lower case with a dash and spaces), the code before it, a wrong code, and waits, each
 * step compared with a model written from web.md ("a 6-character one-time code, valid 30 minutes, single use, 5 wrong
 * tries burn it; at most 6 code requests per email per hour"): the answer, whether an email went out, and the wait a
 * throttled request is told. Each sequence has an engine and a customer of its own; every call comes from a client
 * address of its own, so only the limit per email is in play. The clock moves in whole minutes from a whole minute,
 * where the rolling hour's windows fall on the attempts themselves: a request counts the requests, refused ones
 * included, from an hour before it.
 */
class PortalCodeModelTest {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(30);
    static final int WRONG_TRIES = 5;
    static final int REQUESTS_PER_HOUR = 6;

    enum Command { REQUEST, RIGHT, RIGHT_SLOPPILY, PREVIOUS, WRONG, WAIT_5, WAIT_10, WAIT_20 }

    /** The live code as the model sees it: what was sent, until when, and the wrong tries against it. */
    record Code(String secret, Instant expiresAt, int wrongTries) {}

    EngineFixture engine;
    CustomerPortal portal;
    int addresses;

    @Test
    void generated_sequences_of_requests_and_tries_answer_as_the_model_says() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 30_5_6L).ints().range(0, 1_000_000).list(80 * 50).iterator();
        int signIns = 0;
        int burns = 0;
        int throttles = 0;
        for (int sequence = 0; sequence < 80; sequence++) {
            // an engine of its own: the in-memory outbox is read whole at every relay pass
            engine = new EngineFixture();
            portal = engine.grantor.customerPortal();
            engine.clock.set(Instant.parse("2026-12-05T10:00:00Z").plus(Duration.ofMinutes(sequence)));
            var entitlement = engine.autoEntitlement();
            String email = "customer" + sequence + "@example.com";
            var customer = engine.grantor.issuing().issue(engine.business, entitlement.id().value(), EngineFixture.issueTo(email))
                    .get().grant().grant().customerId();
            engine.settled();
            engine.grantor.relay().runOnce();
            var requests = new ArrayList<Instant>();
            Option<Code> live = Option.none();
            Option<String> lastSent = Option.none();
            Option<String> sentBefore = Option.none();
            var path = new ArrayList<Command>();
            for (int step = 0; step < 40; step++) {
                var command = next(draws);
                path.add(command);
                var now = engine.clock.instant();
                String where = "customer " + sequence + " after " + path;
                switch (command) {
                    case WAIT_5, WAIT_10, WAIT_20 -> engine.clock.advance(Duration.ofMinutes(
                            command == Command.WAIT_5 ? 5 : command == Command.WAIT_10 ? 10 : 20));
                    case REQUEST -> {
                        requests.add(now);
                        long inTheHour = requests.stream().filter(at -> !at.isBefore(now.minus(Duration.ofHours(1)))).count();
                        int emailsBefore = emailsTo(email);
                        var answer = portal.requestCode(engine.business, email, address()).get();
                        engine.settled();
                        engine.grantor.relay().runOnce();
                        if (inTheHour > REQUESTS_PER_HOUR) {
                            throttles++;
                            assertThat(answer).as(where).isEqualTo(new CodeRequest.Throttled(waitUntilAllowed(requests, now)));
                            assertThat(emailsTo(email)).as("no code mailed: " + where).isEqualTo(emailsBefore);
                        } else {
                            assertThat(answer).as(where).isEqualTo(new CodeRequest.Accepted(CODE_LIFETIME));
                            assertThat(emailsTo(email)).as("one code mailed: " + where).isEqualTo(emailsBefore + 1);
                            String sent = engine.mailer.portalEmails().last().secret();
                            sentBefore = lastSent;
                            lastSent = Option.some(sent);
                            live = Option.some(new Code(sent, now.plus(CODE_LIFETIME), 0));
                        }
                    }
                    case RIGHT, RIGHT_SLOPPILY, PREVIOUS, WRONG -> {
                        var current = live.filter(code -> now.isBefore(code.expiresAt()));
                        String typed = typed(command, lastSent, sentBefore);
                        var answer = portal.redeemCode(engine.business, email, typed, address());
                        boolean matches = current.isDefined()
                                && current.get().secret().equals(typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT));
                        if (matches) {
                            signIns++;
                            if (answer.isLeft() || !answer.get().customerId().equals(customer)) {
                                fail("expected a sign-in as %s, got %s: %s", customer, answer, where);
                            }
                            live = Option.none();
                        } else {
                            if (!answer.isLeft() || answer.getLeft() != SignInRefusal.CODE_NOT_ACCEPTED) {
                                fail("expected CODE_NOT_ACCEPTED, got %s: %s", answer, where);
                            }
                            if (current.isDefined()) {
                                int tries = current.get().wrongTries() + 1;
                                burns += tries == WRONG_TRIES ? 1 : 0;
                                live = tries == WRONG_TRIES ? Option.none()
                                        : Option.some(new Code(current.get().secret(), current.get().expiresAt(), tries));
                            }
                        }
                    }
                }
            }
        }
        assertThat(signIns).as("sequences sign in").isGreaterThan(100);
        assertThat(burns).as("sequences burn codes").isGreaterThan(15);
        assertThat(throttles).as("sequences reach the limit").isGreaterThan(80);
    }

    /** Requests 25%, tries 57% (the right code 10%, sloppily 5%, the previous one 12%, a wrong one 30%), waits 18%. */
    private static Command next(Iterator<Integer> draws) {
        int d = draws.next() % 100;
        return d < 25 ? Command.REQUEST : d < 35 ? Command.RIGHT : d < 40 ? Command.RIGHT_SLOPPILY : d < 52 ? Command.PREVIOUS
                : d < 82 ? Command.WRONG : d < 92 ? Command.WAIT_5 : d < 97 ? Command.WAIT_10 : Command.WAIT_20;
    }

    /**
     * What the customer types: the last code sent (live, used, burned or expired), the one sent before it, or a wrong one.
     */
    private static String typed(Command command, Option<String> lastSent, Option<String> sentBefore) {
        String right = lastSent.getOrElse("ABCDEF");
        return switch (command) {
            case RIGHT -> right;
            case RIGHT_SLOPPILY -> " " + right.substring(0, 3).toLowerCase(Locale.ROOT) + "-" + right.substring(3).toLowerCase(Locale.ROOT) + " ";
            case PREVIOUS -> sentBefore.getOrElse("ABCDEF");
            default -> right.startsWith("2") ? "333333" : "222222";
        };
    }

    /**
     * The wait in whole minutes after which one more request would be let through: until the requests of the hour before
     * it, that one included, number no more than the limit.
     */
    private static Duration waitUntilAllowed(List<Instant> requests, Instant now) {
        for (int minutes = 1; ; minutes++) {
            var then = now.plus(Duration.ofMinutes(minutes));
            long counted = requests.stream().filter(at -> !at.isBefore(then.minus(Duration.ofHours(1)))).count() + 1;
            if (counted <= REQUESTS_PER_HOUR) {
                return Duration.ofMinutes(minutes);
            }
        }
    }

    private int emailsTo(String email) {
        return engine.mailer.portalEmails().count(e -> e.to().value().equals(email));
    }

    private String address() {
        addresses++;
        return "10." + (addresses >> 16 & 255) + "." + (addresses >> 8 & 255) + "." + (addresses & 255);
    }
}
