package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.SignIns.StoredLink;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A console sign-in request costs the same whoever asks: the link's email waits in the outbox for the relay, so no
 * mail server's pace shows in the answer, and the hourly limit counts the address, not each business it works for.
 */
class ConsoleSignInEmailTest {

    private static final String PREFIX = "https://grantor.example/console/login/";
    private static final String CLIENT = "203.0.113.7";

    @Nested
    class With_a_mail_server_that_takes_its_time {

        private final CountDownLatch released = new CountDownLatch(1);
        private final RecordingMailer recorded = new RecordingMailer();
        private final Mailer slow = emails -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return recorded.send(emails);
        };
        private final Grantor grantor = Grantor.builder().storage(EngineFixture.storage(new InMemoryStore())).mailer(slow).build();

        @Test
        void an_operator_is_answered_before_the_email_goes_out_and_it_still_goes_out() throws Exception {
            var business = grantor.access().createBusiness("Acme").get().id();
            grantor.operatorAccess().add(business, "ops@acme.example").get();

            var asked = CompletableFuture.runAsync(() -> grantor.operatorAccess().emailSignInLinks("ops@acme.example", PREFIX, CLIENT));
            asked.get(5, TimeUnit.SECONDS);
            assertThat(released.getCount()).as("answered while the mail server still holds the email").isOne();

            var relayed = CompletableFuture.supplyAsync(() -> grantor.relay().runOnce());
            released.countDown();
            assertThat(relayed.get(5, TimeUnit.SECONDS)).isOne();
            assertThat(recorded.portalEmails()).singleElement().satisfies(email -> {
                assertThat(email.kind()).isEqualTo(PortalEmail.Kind.CONSOLE_LINK);
                assertThat(email.to().value()).isEqualTo("ops@acme.example");
                assertThat(email.businessName()).isEqualTo("Acme");
                assertThat(email.secret()).startsWith(PREFIX).hasSize(PREFIX.length() + 43);
            });
        }
    }

    @Nested
    class The_hourly_limit {

        private final EngineFixture engine = new EngineFixture();
        private final OperatorAccess operators = engine.grantor.operatorAccess();

        private List<PortalEmail> sentTo(String address) {
            engine.grantor.relay().runOnce();
            return engine.mailer.portalEmails().filter(e -> e.to().value().equals(address));
        }

        @Test
        void counts_the_address_across_every_business_where_it_is_an_operator() {
            var businesses = List.of(engine.business, engine.grantor.access().createBusiness("Bolt").get().id(),
                    engine.grantor.access().createBusiness("Cog").get().id());
            businesses.forEach(b -> operators.add(b, "everywhere@example.com").get());

            for (int i = 0; i < 8; i++) {
                // from as many clients: the address is counted, whoever asks
                operators.emailSignInLinks("everywhere@example.com", PREFIX, "198.51.100." + i);
            }

            assertThat(sentTo("everywhere@example.com")).hasSize(OperatorAccess.LINKS_PER_HOUR);
        }

        @Test
        void rolls_with_the_hour_from_each_request() {
            operators.add(engine.business, "ops@acme.example").get();
            engine.clock.set(java.time.Instant.parse("2026-11-27T10:59:50Z"));
            for (int i = 0; i < OperatorAccess.LINKS_PER_HOUR; i++) {
                operators.emailSignInLinks("ops@acme.example", PREFIX, CLIENT);
            }
            engine.clock.set(java.time.Instant.parse("2026-11-27T11:00:10Z"));
            operators.emailSignInLinks("ops@acme.example", PREFIX, CLIENT);
            assertThat(sentTo("ops@acme.example")).hasSize(OperatorAccess.LINKS_PER_HOUR);

            engine.clock.set(java.time.Instant.parse("2026-11-27T12:01:00Z"));
            operators.emailSignInLinks("ops@acme.example", PREFIX, CLIENT);
            assertThat(sentTo("ops@acme.example")).hasSize(OperatorAccess.LINKS_PER_HOUR + 1);
        }
    }

    /**
     * One client may ask {@value OperatorAccess#LINK_REQUESTS_PER_CLIENT_PER_MINUTE} times a minute, whatever it types:
     * past that it is told to wait, for an operator's address as for an unknown or a malformed one, and nothing is sent.
     */
    @Nested
    class The_per_client_limit {

        private final EngineFixture engine = new EngineFixture();
        private final OperatorAccess operators = engine.grantor.operatorAccess();

        @Test
        void holds_a_client_back_the_same_way_whatever_address_it_types() {
            operators.add(engine.business, "ops@acme.example").get();
            var typed = List.of("nobody@acme.example", "not an address", "ops@acme.example", "x@y.example", "", "z@y.example");
            assertThat(typed).hasSize(OperatorAccess.LINK_REQUESTS_PER_CLIENT_PER_MINUTE);
            typed.forEach(email -> assertThat(operators.emailSignInLinks(email, PREFIX, CLIENT))
                    .isInstanceOf(OperatorAccess.LinkRequest.Accepted.class));

            var known = operators.emailSignInLinks("ops@acme.example", PREFIX, CLIENT);
            var unknown = operators.emailSignInLinks("nobody@acme.example", PREFIX, CLIENT);
            var malformed = operators.emailSignInLinks("@", PREFIX, CLIENT);

            assertThat(List.of(known, unknown, malformed)).allSatisfy(answer -> assertThat(answer)
                    .isInstanceOfSatisfying(OperatorAccess.LinkRequest.Throttled.class, throttled -> assertThat(throttled.retryAfter())
                            .isPositive().isLessThanOrEqualTo(java.time.Duration.ofSeconds(61))));
            engine.grantor.relay().runOnce();
            assertThat(engine.mailer.portalEmails()).as("the one request before the limit").hasSize(1);
            assertThat(operators.emailSignInLinks("ops@acme.example", PREFIX, "203.0.113.8"))
                    .as("another client").isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);

            engine.clock.advance(java.time.Duration.ofSeconds(62));
            assertThat(operators.emailSignInLinks("ops@acme.example", PREFIX, CLIENT)).as("a minute later")
                    .isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
        }

        @Test
        void counts_every_address_of_one_ipv6_64_as_one_client() {
            for (int i = 1; i <= OperatorAccess.LINK_REQUESTS_PER_CLIENT_PER_MINUTE; i++) {
                assertThat(operators.emailSignInLinks("a@b.example", PREFIX, "2001:db8:1:2::" + Integer.toHexString(i)))
                        .isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
            }

            assertThat(operators.emailSignInLinks("a@b.example", PREFIX, "[2001:db8:1:2:ffff::9]"))
                    .isInstanceOf(OperatorAccess.LinkRequest.Throttled.class);
            assertThat(operators.emailSignInLinks("a@b.example", PREFIX, "2001:db8:1:3::1"))
                    .as("the next /64").isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
        }
    }

    /**
     * An address that is no operator's costs what an operator's does in the request: in the unit that counts it, two
     * rows where an operator's request writes its link and its email, here two decoy links, never sent, that open
     * nothing even with their secret known, and go with the same purge as real links.
     */
    @Nested
    class An_unknown_address {

        private final EngineFixture engine = new EngineFixture();
        private final OperatorAccess operators = engine.grantor.operatorAccess();

        private record Written(long commits, List<StoredLink> links, int outbox) {}

        private Written asking(String address, String client) {
            long commits = engine.store.transactions().commits();
            var links = engine.store.loginLinks();
            int outbox = engine.outbox().size();
            operators.emailSignInLinks(address, PREFIX, client);
            return new Written(engine.store.transactions().commits() - commits, engine.store.loginLinks().removeAll(links),
                    engine.outbox().size() - outbox);
        }

        @Test
        void gets_two_decoy_links_in_one_commit_as_an_operator_gets_a_link_and_an_email_and_nothing_is_sent() {
            operators.add(engine.business, "ops@acme.example").get();
            asking("first@acme.example", CLIENT); // the request that finds the throttles' purge due, whoever asks

            var known = asking("ops@acme.example", CLIENT);
            var unknown = asking("nobody@acme.example", CLIENT);

            assertThat(unknown.commits()).isEqualTo(known.commits()).isOne();
            assertThat(known.links().size() + known.outbox()).isEqualTo(unknown.links().size() + unknown.outbox()).isEqualTo(2);
            assertThat(unknown.outbox()).isZero();
            Instant now = engine.clock.instant();
            assertThat(unknown.links()).allSatisfy(decoy -> {
                assertThat(decoy.principal().realm()).isEqualTo(SignIns.Realm.CONSOLE);
                assertThat(decoy.usedAt()).as("stored used").contains(now);
                assertThat(decoy.expiresAt()).as("as an operator's").isEqualTo(known.links().head().expiresAt());
                assertThat(decoy.principal().subject()).isNotEqualTo(SignIn.OWNER).doesNotStartWith("op_");
                assertThat(engine.store.transactions().read(() -> engine.store.businesses().find(decoy.principal().business())))
                        .as("no business's").isEmpty();
            });
            assertThat(unknown.links().map(StoredLink::tokenHash).distinct()).hasSize(2);
            assertThat(engine.grantor.relay().runOnce()).as("the operator's email only").isOne();
            assertThat(engine.mailer.portalEmails()).singleElement()
                    .satisfies(email -> assertThat(email.to().value()).isEqualTo("ops@acme.example"));
        }

        @Test
        void is_counted_against_the_hourly_limit_as_an_operator_s_address_is() {
            operators.add(engine.business, "ops@acme.example").get();
            int links = 0;
            int decoys = 0;
            for (int i = 0; i < OperatorAccess.LINKS_PER_HOUR + 3; i++) {
                links += asking("ops@acme.example", "198.51.100." + i).outbox();
                decoys += asking("nobody@acme.example", "198.51.100." + i).links().size();
            }

            assertThat(links).isEqualTo(OperatorAccess.LINKS_PER_HOUR);
            assertThat(decoys).isEqualTo(2 * OperatorAccess.LINKS_PER_HOUR);
            engine.clock.advance(OperatorAccess.LINKS_COUNTED_FOR.plusMinutes(1));
            assertThat(asking("nobody@acme.example", CLIENT).links()).as("an hour on").hasSize(2);
        }

        /** A secret of 256 random bits is never guessed; the test plays the one who did, or who read it somewhere. */
        @Test
        void its_decoys_open_no_session_even_with_their_secret_known() {
            var decoys = asking("nobody@acme.example", CLIENT).links();
            var known = new SignInSecrets(new SecureRandom());
            assertThat(decoys).hasSize(2);

            for (var decoy : decoys) {
                String secret = known.newToken();
                engine.store.transactions().write(() -> {
                    engine.store.signIns().insertLink(new StoredLink(SignInSecrets.tokenHash(secret), decoy.principal(),
                            decoy.createdAt(), decoy.expiresAt(), decoy.usedAt()));
                    return Either.right(secret);
                });

                assertThat(engine.grantor.signIn().redeem(SignIn.Realm.CONSOLE, secret).swap().toOption())
                        .singleElement().isInstanceOf(GrantorError.Unauthorized.class);
                assertThat(engine.grantor.signIn().redeem(SignIn.Realm.PORTAL, secret).swap().toOption())
                        .singleElement().isInstanceOf(GrantorError.Unauthorized.class);
            }
        }

        @Test
        void its_decoys_are_deleted_with_the_expired_links_by_the_same_purge() {
            operators.add(engine.business, "ops@acme.example").get();
            var decoys = asking("nobody@acme.example", CLIENT).links();
            var link = asking("ops@acme.example", CLIENT).links();
            assertThat(decoys).hasSize(2);
            assertThat(link).hasSize(1);
            var kept = SignIn.linkValidity(SignIn.Realm.CONSOLE).plus(OperatorAccess.LINKS_COUNTED_FOR);

            engine.clock.advance(kept.minusMinutes(1));
            asking("later@acme.example", CLIENT);
            assertThat(engine.store.loginLinks()).as("not yet").containsAll(decoys).containsAll(link);

            engine.clock.advance(java.time.Duration.ofMinutes(2).plus(dev.grantor.application.background.Retention.INTERVAL));
            var fresh = asking("nobody@acme.example", CLIENT).links();
            assertThat(engine.store.loginLinks()).doesNotContainAnyElementsOf(decoys).doesNotContainAnyElementsOf(link)
                    .containsAll(fresh);
        }
    }

    /** An operator's address is matched as a customer's is, whatever its case: a link must not depend on a capital. */
    @Nested
    class The_address {

        private final EngineFixture engine = new EngineFixture();
        private final OperatorAccess operators = engine.grantor.operatorAccess();

        @Test
        void gets_its_link_however_it_is_capitalised() {
            var added = operators.add(engine.business, "Ada.Ops@Acme.example").get();

            operators.emailSignInLinks("ada.ops@acme.EXAMPLE", PREFIX, CLIENT);
            engine.grantor.relay().runOnce();

            assertThat(engine.mailer.portalEmails()).singleElement()
                    .satisfies(email -> assertThat(email.to().value()).isEqualTo("Ada.Ops@Acme.example"));
            assertThat(operators.withEmail("ADA.OPS@ACME.EXAMPLE")).extracting(OperatorAccess.Operator::id).containsExactly(added.id());
        }

        @Test
        void is_one_operator_when_added_again_in_another_case() {
            var added = operators.add(engine.business, "Ada.Ops@Acme.example").get();

            assertThat(operators.add(engine.business, "ada.ops@acme.example").get().id()).isEqualTo(added.id());
            assertThat(operators.list(engine.business).get()).hasSize(1);
        }
    }
}
