package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.background.AfterTheAnswer;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.Operators;
import io.vavr.collection.List;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A console sign-in request costs the same whoever asks: the address is looked up after the answer, the link's email
 * waits in the outbox for the relay, so neither the store's nor a mail server's pace shows in the answer, and the
 * hourly limit counts the address, not each business it works for.
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
            EngineFixture.settled(grantor);
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
            engine.settled();
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
            engine.settled();
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
     * The request counts the client and answers; which operators the address has, their links and emails are found and
     * written after the answer, so nothing the client can time depends on the address.
     */
    @Nested
    class The_answer {

        private final CountDownLatch lookedUp = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final InMemoryStore store = new InMemoryStore();
        private final Grantor grantor = Grantor.builder().storage(EngineFixture.storage(store)).mailer(new RecordingMailer())
                .operators(held(store.operators())).build();

        /** The store's operators, whose lookup by address waits until the test releases it. */
        private Operators held(Operators operators) {
            return (Operators) Proxy.newProxyInstance(Operators.class.getClassLoader(), new Class<?>[] {Operators.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("withEmail")) {
                            lookedUp.countDown();
                            assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
                        }
                        try {
                            return method.invoke(operators, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Test
        void comes_before_the_address_is_looked_up_and_the_link_still_goes_out() throws Exception {
            var business = grantor.access().createBusiness("Acme").get().id();
            grantor.operatorAccess().add(business, "ops@acme.example").get();

            assertThat(grantor.operatorAccess().emailSignInLinks("ops@acme.example", PREFIX, CLIENT))
                    .isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
            assertThat(lookedUp.await(30, TimeUnit.SECONDS)).as("looked up after the answer").isTrue();
            assertThat(store.outboxMessages()).isEmpty();

            released.countDown();
            EngineFixture.settled(grantor);
            assertThat(store.outboxMessages()).singleElement().satisfies(message -> assertThat(message.kind())
                    .isEqualTo(dev.grantor.application.port.out.OutboxMessage.Kind.EMAIL));
            assertThat(store.loginLinks()).hasSize(1);
        }

        @Test
        void for_an_unknown_address_is_the_same_and_nothing_is_stored_or_sent() {
            released.countDown();
            var business = grantor.access().createBusiness("Acme").get().id();
            grantor.operatorAccess().add(business, "ops@acme.example").get();

            assertThat(grantor.operatorAccess().emailSignInLinks("nobody@acme.example", PREFIX, CLIENT))
                    .isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
            EngineFixture.settled(grantor);

            assertThat(store.loginLinks()).isEmpty();
            assertThat(store.outboxMessages()).isEmpty();
        }

        @Test
        void is_to_wait_a_minute_when_the_consoles_places_are_taken_whatever_the_address() throws Exception {
            released.countDown();
            var business = grantor.access().createBusiness("Acme").get().id();
            grantor.operatorAccess().add(business, "ops@acme.example").get();
            var busy = new CountDownLatch(1);
            // a portal request holds the worker, so every console place is free; outside any unit of work, so the
            // requests' own units go on meanwhile
            assertThat(grantor.afterTheAnswer().handOff(new AfterTheAnswer.SignInRequest.Portal(business, "192.0.2.1"),
                    () -> await(busy))).isTrue();
            try {
                // each from a network of its own: a network holds less of the console's places the more others hold
                for (int i = 0; i < AfterTheAnswer.CONSOLE_PLACES; i++) {
                    assertThat(grantor.operatorAccess().emailSignInLinks("x" + i + "@acme.example", PREFIX,
                            "10.0." + i + ".1")).as("request %d", i).isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
                }

                var known = grantor.operatorAccess().emailSignInLinks("ops@acme.example", PREFIX, "10.99.0.1");
                var unknown = grantor.operatorAccess().emailSignInLinks("nobody@acme.example", PREFIX, "10.99.0.2");

                assertThat(List.of(known, unknown)).allSatisfy(answer -> assertThat(answer).isEqualTo(
                        new OperatorAccess.LinkRequest.Throttled(AfterTheAnswer.BUSY)));
            } finally {
                busy.countDown();
            }
            EngineFixture.settled(grantor);
            assertThat(grantor.operatorAccess().emailSignInLinks("ops@acme.example", PREFIX, "10.99.0.3"))
                    .as("once the queue drained").isInstanceOf(OperatorAccess.LinkRequest.Accepted.class);
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
            engine.settled();
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
