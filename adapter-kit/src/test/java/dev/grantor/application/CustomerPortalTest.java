package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerPortal.CodeRequest;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.CustomerPortal.PortalCustomer;
import dev.grantor.application.port.in.CustomerPortal.Refusal;
import dev.grantor.application.port.in.CustomerPortal.SignInRefusal;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import static org.instancio.Select.all;

import org.instancio.Instancio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CustomerPortalTest {

    private static final URI PORTAL = URI.create("https://shop.example/portal");
    private static final String ADDRESS = "203.0.113.7";

    private final EngineFixture engine = new EngineFixture();
    private final CustomerPortal portal = engine.grantor.customerPortal();

    private GrantView bought(Entitlement entitlement, String email) {
        return engine.grantor.issuing().issue(engine.business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, email, "Ada"), null, null, null)).get().grant();
    }

    private Entitlement autoKeys(Map<String, Object> extra) {
        var config = new LinkedHashMap<String, Object>(EngineFixture.licenseKeyConfig("auto", 2));
        config.putAll(extra);
        return engine.entitlement("license_key", config);
    }

    private PortalEmail lastSignIn() {
        engine.settled();
        engine.grantor.relay().runOnce();
        return engine.mailer.portalEmails().last();
    }

    /** An open portal session of the customer and an unused link the merchant minted for it, by their tokens. */
    private record WaysIn(String session, String link) {}

    private WaysIn waysIn(CustomerId customer) {
        var signIn = engine.grantor.signIn();
        var principal = new SignIn.Principal(SignIn.Realm.PORTAL, engine.business, customer.value());
        var session = signIn.mintLink(principal).flatMap(link -> signIn.redeem(SignIn.Realm.PORTAL, link.token())).get();
        var minted = portal.mintLink(engine.business, new MintLink(customer.value(), false, null), PORTAL).get();
        return new WaysIn(session.token(), minted.link().getPath().substring("/portal/link/".length()));
    }

    private PortalCustomer signedIn(String email) {
        portal.requestCode(engine.business, email, ADDRESS).get();
        return portal.redeemCode(engine.business, email, lastSignIn().secret(), ADDRESS).get();
    }

    @Nested
    class A_merchant_minted_link {

        @Test
        void opens_the_portal_once_for_its_customer_and_remembers_the_return_url() {
            var grant = bought(autoKeys(Map.of()), "ada@example.com");
            var minted = portal.mintLink(engine.business, new MintLink(grant.grant().customerId().value(), false,
                    "https://shop.example/account"), PORTAL).get();

            assertThat(minted.link().toString()).startsWith("https://shop.example/portal/link/");
            assertThat(minted.expiresAt()).isEqualTo(engine.clock.instant().plus(Duration.ofHours(24)));
            String token = minted.link().getPath().substring("/portal/link/".length());
            assertThat(token).hasSizeGreaterThanOrEqualTo(43);
            assertThat(portal.linkIsLive(token)).isTrue();
            assertThat(portal.linkIsLive(token)).as("looking does not use it").isTrue();
            var customer = portal.redeemLink(token).get();
            assertThat(customer.customerId()).isEqualTo(grant.grant().customerId());
            assertThat(customer.returnUrl()).contains("https://shop.example/account");
            assertThat(portal.redeemLink(token)).as("replayed").isEmpty();
            assertThat(portal.linkIsLive(token)).isFalse();
            assertThat(engine.mailer.portalEmails()).isEmpty();
        }

        /** A merchant moves an address when the old mailbox is lost or taken: its holder is signed out, its link dead. */
        @Test
        void dies_with_the_customer_s_portal_sessions_when_the_merchant_moves_the_address_and_not_when_only_its_case_changes() {
            var customer = bought(autoKeys(Map.of()), "ada@example.com").grant().customerId();
            var signIn = engine.grantor.signIn();
            var ways = waysIn(customer);
            String session = ways.session();
            String token = ways.link();

            engine.grantor.customers().update(engine.business, customer.value(),
                    new UpdateCustomer("ADA@example.com", null, null, false, null)).get();
            assertThat(signIn.resume(SignIn.Realm.PORTAL, session)).as("the same mailbox in another case").isNotEmpty();
            assertThat(portal.linkIsLive(token)).isTrue();

            engine.grantor.customers().update(engine.business, customer.value(),
                    new UpdateCustomer("ada@elsewhere.example", null, null, false, null)).get();
            assertThat(signIn.resume(SignIn.Realm.PORTAL, session)).as("the session of the old mailbox").isEmpty();
            assertThat(portal.linkIsLive(token)).as("the link sent to the old mailbox").isFalse();
            assertThat(portal.redeemLink(token)).isEmpty();
        }

        /** An issue naming the customer by id with a new address moves it as a PATCH does, and signs it out the same. */
        @Test
        void dies_with_the_customer_s_portal_sessions_when_an_issue_by_id_moves_the_address() {
            var customer = bought(autoKeys(Map.of()), "ada@example.com").grant().customerId();
            var signIn = engine.grantor.signIn();
            var ways = waysIn(customer);

            engine.grantor.issuing().issue(engine.business, autoKeys(Map.of()).id().value(),
                    new IssueGrant(new CustomerContact(customer.value(), "ada@elsewhere.example", "Ada"), null, null, null)).get();

            assertThat(signIn.resume(SignIn.Realm.PORTAL, ways.session())).isEmpty();
            assertThat(portal.linkIsLive(ways.link())).isFalse();
        }

        @Test
        void expires_after_24_hours() {
            var grant = bought(autoKeys(Map.of()), "ada@example.com");
            var minted = portal.mintLink(engine.business, new MintLink(grant.grant().customerId().value(), false, null), PORTAL).get();
            engine.clock.advance(Duration.ofHours(24));

            assertThat(portal.redeemLink(minted.link().getPath().substring("/portal/link/".length()))).isEmpty();
        }

        @Test
        void is_emailed_when_the_merchant_asks_with_a_stable_message_id() {
            var grant = bought(autoKeys(Map.of()), "ada@example.com");
            var minted = portal.mintLink(engine.business, new MintLink(grant.grant().customerId().value(), true, null), PORTAL).get();

            var email = lastSignIn();
            assertThat(email.kind()).isEqualTo(PortalEmail.Kind.PORTAL_LINK);
            assertThat(email.secret()).isEqualTo(minted.link().toString());
            assertThat(email.to().value()).isEqualTo("ada@example.com");
            assertThat(email.messageId("shop.example")).isEqualTo("<" + email.outboxId() + ".portal-link@shop.example>");
        }

        @Test
        void is_not_minted_for_an_unknown_customer_or_another_business_or_a_bad_return_url() {
            var grant = bought(autoKeys(Map.of()), "ada@example.com");
            var other = engine.grantor.access().createBusiness("Other").get().id();
            String customer = grant.grant().customerId().value();

            assertThat(portal.mintLink(other, new MintLink(customer, false, null), PORTAL).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(portal.mintLink(engine.business, new MintLink("cus_nope", false, null), PORTAL).getLeft().code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
            for (String bad : new String[] {"javascript:alert(1)", "ftp://shop.example/", "/relative", "https://", "https://a b/",
                    "https://shop.example/" + "x".repeat(2100)}) {
                var refused = portal.mintLink(engine.business, new MintLink(customer, false, bad), PORTAL).getLeft();
                assertThat(refused.code()).as(bad).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(refused.message()).startsWith("return_url");
            }
        }
    }

    @Nested
    class A_code_by_email {

        @Test
        void is_six_characters_without_look_alikes_works_once_and_opens_the_customers_portal() {
            var grant = bought(autoKeys(Map.of()), "ada@example.com");

            assertThat(portal.requestCode(engine.business, "ADA@example.com", ADDRESS).get()).isInstanceOf(CodeRequest.Accepted.class);
            var email = lastSignIn();
            assertThat(email.secret()).matches("[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}");
            assertThat(email.kind()).isEqualTo(PortalEmail.Kind.PORTAL_CODE);

            var customer = portal.redeemCode(engine.business, "ada@EXAMPLE.com", email.secret().toLowerCase(), ADDRESS).get();
            assertThat(customer.customerId()).isEqualTo(grant.grant().customerId());
            assertThat(portal.redeemCode(engine.business, "ada@example.com", email.secret(), ADDRESS).getLeft())
                    .isEqualTo(SignInRefusal.CODE_NOT_ACCEPTED);
        }

        /** The merchant's {@code PATCH /customers/{id}} moving the address moves sign-in by code with it. */
        @Test
        void follows_the_customer_to_an_address_the_merchant_moved_it_to() {
            var grant = bought(autoKeys(Map.of()), "old@example.com");
            portal.requestCode(engine.business, "old@example.com", ADDRESS).get();
            String sentToTheOldAddress = lastSignIn().secret();

            engine.grantor.customers().update(engine.business, grant.grant().customerId().value(),
                    new UpdateCustomer("New@Example.com", null, null, false, null)).get();

            assertThat(portal.redeemCode(engine.business, "old@example.com", sentToTheOldAddress, ADDRESS).getLeft())
                    .as("a code sent before the move").isEqualTo(SignInRefusal.CODE_NOT_ACCEPTED);
            int sent = engine.mailer.portalEmails().size();
            portal.requestCode(engine.business, "old@example.com", ADDRESS).get();
            engine.settled();
            engine.grantor.relay().runOnce();
            assertThat(engine.mailer.portalEmails()).as("the old address is nobody's now").hasSize(sent);
            portal.requestCode(engine.business, "new@EXAMPLE.com", ADDRESS).get();
            var code = lastSignIn();
            assertThat(code.to().value()).isEqualTo("New@Example.com");
            assertThat(portal.redeemCode(engine.business, "new@example.com", code.secret(), ADDRESS).get().customerId())
                    .isEqualTo(grant.grant().customerId());
        }

        @Test
        void an_unknown_email_gets_the_same_answer_and_no_email() {
            bought(autoKeys(Map.of()), "ada@example.com");

            var known = portal.requestCode(engine.business, "ada@example.com", ADDRESS).get();
            var unknown = portal.requestCode(engine.business, "mallory@example.com", "198.51.100.1").get();

            assertThat(unknown).isEqualTo(known);
            engine.settled();
            engine.grantor.relay().runOnce();
            assertThat(engine.mailer.portalEmails()).extracting(e -> e.to().value()).containsExactly("ada@example.com");
        }

        @Test
        void five_wrong_tries_burn_it() {
            bought(autoKeys(Map.of()), "ada@example.com");
            portal.requestCode(engine.business, "ada@example.com", ADDRESS).get();
            String code = lastSignIn().secret();
            String wrong = code.charAt(0) == 'A' ? "BBBBBB" : "AAAAAA";

            for (int i = 0; i < CustomerPortal.WRONG_TRIES_PER_CODE; i++) {
                assertThat(portal.redeemCode(engine.business, "ada@example.com", wrong, ADDRESS).isLeft()).isTrue();
            }

            assertThat(portal.redeemCode(engine.business, "ada@example.com", code, ADDRESS).getLeft())
                    .isEqualTo(SignInRefusal.CODE_NOT_ACCEPTED);
        }

        @Test
        void expires_after_30_minutes_and_a_newer_code_replaces_it() {
            bought(autoKeys(Map.of()), "ada@example.com");
            portal.requestCode(engine.business, "ada@example.com", ADDRESS).get();
            String first = lastSignIn().secret();
            engine.clock.advance(Duration.ofMinutes(30));
            assertThat(portal.redeemCode(engine.business, "ada@example.com", first, ADDRESS).isLeft()).isTrue();

            portal.requestCode(engine.business, "ada@example.com", ADDRESS).get();
            String second = lastSignIn().secret();
            portal.requestCode(engine.business, "ada@example.com", ADDRESS).get();
            String third = lastSignIn().secret();
            if (!second.equals(third)) {
                assertThat(portal.redeemCode(engine.business, "ada@example.com", second, ADDRESS).isLeft()).isTrue();
            }
            assertThat(portal.redeemCode(engine.business, "ada@example.com", third, ADDRESS).isRight()).isTrue();
        }

        @Test
        void at_most_six_requests_per_email_per_hour_and_six_per_client_address_per_minute() {
            bought(autoKeys(Map.of()), "ada@example.com");
            engine.clock.set(java.time.Instant.parse("2026-11-27T10:00:00Z"));
            for (int i = 0; i < 6; i++) {
                assertThat(portal.requestCode(engine.business, "ada@example.com", "10.0.0." + i).get())
                        .isInstanceOf(CodeRequest.Accepted.class);
            }
            var seventh = portal.requestCode(engine.business, "ada@example.com", "10.0.0.99").get();
            assertThat(seventh).isEqualTo(new CodeRequest.Throttled(Duration.ofMinutes(61)));
            engine.clock.advance(Duration.ofMinutes(61));
            assertThat(portal.requestCode(engine.business, "ada@example.com", "10.0.0.99").get()).isInstanceOf(CodeRequest.Accepted.class);

            for (int i = 0; i < 6; i++) {
                assertThat(portal.requestCode(engine.business, "someone" + i + "@example.com", "10.9.9.9").get())
                        .isInstanceOf(CodeRequest.Accepted.class);
            }
            assertThat(portal.requestCode(engine.business, "else@example.com", "10.9.9.9").get()).isInstanceOf(CodeRequest.Throttled.class);
        }

        @Test
        void the_addresses_of_one_ipv6_slash_64_are_one_client_for_code_requests_and_code_tries() {
            bought(autoKeys(Map.of()), "ada@example.com");
            for (int i = 0; i < CustomerPortal.CODE_REQUESTS_PER_ADDRESS_PER_MINUTE; i++) {
                assertThat(portal.requestCode(engine.business, "someone" + i + "@example.com", "[2001:db8:5:6:0:0:0:" + (i + 1) + "]")
                        .get()).isInstanceOf(CodeRequest.Accepted.class);
            }
            assertThat(portal.requestCode(engine.business, "else@example.com", "[2001:db8:5:6:abcd:0:0:99]").get())
                    .as("a fresh address of the same /64").isInstanceOf(CodeRequest.Throttled.class);
            assertThat(portal.requestCode(engine.business, "else@example.com", "[2001:db8:5:7:0:0:0:1]").get())
                    .as("another /64").isInstanceOf(CodeRequest.Accepted.class);

            for (int i = 0; i < CustomerPortal.SIGN_IN_TRIES_PER_ADDRESS_PER_MINUTE; i++) {
                assertThat(portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "2001:db8:9:9::" + Integer.toHexString(i + 1))
                        .getLeft()).isEqualTo(SignInRefusal.CODE_NOT_ACCEPTED);
            }
            assertThat(portal.redeemCode(engine.business, "ada@example.com", "AAAAAA", "2001:db8:9:9:1:2:3:4").getLeft())
                    .isEqualTo(SignInRefusal.TOO_MANY_TRIES);
        }

        @Test
        void no_sixty_minutes_let_more_than_six_requests_of_one_email_through_however_they_fall_on_the_clock() {
            bought(autoKeys(Map.of()), "ada@example.com");
            engine.clock.set(java.time.Instant.parse("2026-11-27T10:59:50Z"));
            for (int i = 0; i < 6; i++) {
                assertThat(portal.requestCode(engine.business, "ada@example.com", "10.0.1." + i).get())
                        .isInstanceOf(CodeRequest.Accepted.class);
            }
            engine.clock.set(java.time.Instant.parse("2026-11-27T11:00:10Z"));
            var acrossTheHour = portal.requestCode(engine.business, "ada@example.com", "10.0.2.1").get();
            assertThat(acrossTheHour).isInstanceOf(CodeRequest.Throttled.class);

            engine.clock.set(java.time.Instant.parse("2026-11-27T11:59:40Z"));
            assertThat(portal.requestCode(engine.business, "ada@example.com", "10.0.2.2").get())
                    .as("the six at 10:59:50 are less than an hour old").isInstanceOf(CodeRequest.Throttled.class);
            engine.clock.set(java.time.Instant.parse("2026-11-27T11:00:10Z")
                    .plus(((CodeRequest.Throttled) acrossTheHour).retryAfter()));
            assertThat(portal.requestCode(engine.business, "ada@example.com", "10.0.2.3").get())
                    .as("the wait it was told").isInstanceOf(CodeRequest.Accepted.class);
        }

        @Test
        void a_malformed_email_is_a_field_error_and_an_unknown_business_is_not_found() {
            assertThat(portal.requestCode(engine.business, "not an email", ADDRESS).getLeft().message()).startsWith("email");
            var nowhere = new dev.grantor.domain.shared.BusinessId("bus_" + "0".repeat(21));
            assertThat(portal.requestCode(nowhere, "ada@example.com", ADDRESS).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void generated_guesses_open_the_portal_only_when_they_are_the_code_however_it_is_spaced_or_cased() {
            bought(autoKeys(Map.of()), "ada@example.com");
            var random = new java.util.Random(16);
            var guesses = Instancio.ofList(String.class).size(400).withSeed(16).supply(all(String.class), r -> r.alphanumeric(6))
                    .create();
            int opened = 0;
            for (int i = 0; i < guesses.size(); i++) {
                engine.clock.advance(Duration.ofHours(1));
                portal.requestCode(engine.business, "ada@example.com", "10.1." + i).get();
                String code = lastSignIn().secret();
                String guess = switch (random.nextInt(4)) {
                    case 0 -> guesses.get(i);
                    case 1 -> code.toLowerCase().substring(0, 3) + (random.nextBoolean() ? " " : "-") + code.substring(3);
                    case 2 -> code.substring(0, 5) + SignInSecrets.CODE_ALPHABET.charAt(
                            (SignInSecrets.CODE_ALPHABET.indexOf(code.charAt(5)) + 1 + random.nextInt(30)) % 31);
                    default -> code + new String[] {"\u0000", "\u200b", "O", "0", "1", " x", "\n"}[random.nextInt(7)];
                };
                boolean isTheCode = SignInSecrets.normalisedCode(guess).equals(code);
                var outcome = portal.redeemCode(engine.business, "ada@example.com", guess, "10.1." + i);
                assertThat(outcome.isRight()).as("guess %s for code %s", guess, code).isEqualTo(isTheCode);
                opened += isTheCode ? 1 : 0;
            }
            assertThat(opened).as("some guesses were the code, spaced or cased").isGreaterThan(50);
        }
    }

    @Nested
    class Signed_in {

        @Test
        void a_customer_sees_only_their_own_purchases_and_another_customers_grant_is_not_found() {
            var keys = autoKeys(Map.of());
            var mine = bought(keys, "ada@example.com");
            var theirs = bought(keys, "bob@example.com");
            var ada = signedIn("ada@example.com");

            assertThat(portal.purchases(ada, io.vavr.control.Option.none()).purchases()).extracting(p -> p.grant().id())
                    .containsExactly(mine.grant().id());
            assertThat(portal.purchase(ada, theirs.grant().id().value()).getLeft()).isInstanceOf(Refusal.NotFound.class);
            assertThat(portal.purchase(ada, "not-an-id").getLeft()).isInstanceOf(Refusal.NotFound.class);
            assertThat(portal.sendAgain(ada, theirs.grant().id().value()).getLeft()).isInstanceOf(Refusal.NotFound.class);
            assertThat(portal.replaceKey(ada, theirs.grant().id().value()).getLeft()).isInstanceOf(Refusal.NotFound.class);
        }

        @Test
        void deactivating_frees_a_seat_so_another_machine_can_activate() {
            var mine = bought(autoKeys(Map.of()), "ada@example.com");
            var ada = signedIn("ada@example.com");
            String key = portal.purchase(ada, mine.grant().id().value()).get().key().get().value().value();
            var first = engine.grantor.licensing().activate(new ActivateLicense(key, "laptop")).get();
            engine.grantor.licensing().activate(new ActivateLicense(key, "desktop")).get();
            assertThat(engine.grantor.licensing().activate(new ActivateLicense(key, "new laptop")).getLeft().code())
                    .isEqualTo(ErrorCode.LICENSE_KEY_LIMIT_REACHED);

            var after = portal.deactivate(ada, mine.grant().id().value(), first.instance().id().value()).get();

            assertThat(after.key().get().instances()).extracting(i -> i.name()).containsExactly("desktop");
            assertThat(engine.grantor.licensing().activate(new ActivateLicense(key, "new laptop")).isRight()).isTrue();
            assertThat(portal.deactivate(ada, mine.grant().id().value(), first.instance().id().value()).getLeft())
                    .isInstanceOf(Refusal.NotFound.class);
        }

        @Test
        void deactivating_is_refused_when_the_entitlement_does_not_allow_it() {
            var mine = bought(autoKeys(Map.of("customer_can_deactivate", false)), "ada@example.com");
            var ada = signedIn("ada@example.com");
            var purchase = portal.purchase(ada, mine.grant().id().value()).get();
            var held = engine.grantor.licensing().activate(new ActivateLicense(purchase.key().get().value().value(), "laptop")).get();

            assertThat(purchase.permissions().canDeactivate()).isFalse();
            assertThat(portal.deactivate(ada, mine.grant().id().value(), held.instance().id().value()).getLeft())
                    .isInstanceOf(Refusal.NotAllowed.class);
        }

        @Test
        void replacing_is_off_by_default_and_when_allowed_never_within_ten_minutes_of_delivery() {
            var plain = bought(autoKeys(Map.of()), "ada@example.com");
            var rotatable = bought(autoKeys(Map.of("customer_can_rotate", true)), "ada@example.com");
            var ada = signedIn("ada@example.com");
            assertThat(portal.replaceKey(ada, plain.grant().id().value()).getLeft()).isInstanceOf(Refusal.NotAllowed.class);

            var tooSoon = portal.replaceKey(ada, rotatable.grant().id().value()).getLeft();
            assertThat(tooSoon).isInstanceOfSatisfying(Refusal.NotYet.class,
                    notYet -> assertThat(notYet.retryAfter()).isEqualTo(Duration.ofMinutes(10)));

            engine.clock.advance(Duration.ofMinutes(10));
            String before = portal.purchase(ada, rotatable.grant().id().value()).get().key().get().value().value();
            var after = portal.replaceKey(ada, rotatable.grant().id().value()).get();
            assertThat(after.key().get().value().value()).isNotEqualTo(before);
            assertThat(engine.grantor.licensing().activate(new ActivateLicense(before, "laptop")).getLeft().code())
                    .isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);

            engine.clock.advance(Duration.ofMinutes(9));
            assertThat(portal.replaceKey(ada, rotatable.grant().id().value()).getLeft()).as("a replacement is a delivery too")
                    .isInstanceOfSatisfying(Refusal.NotYet.class, notYet -> assertThat(notYet.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
            engine.clock.advance(Duration.ofMinutes(1));
            assertThat(portal.replaceKey(ada, rotatable.grant().id().value()).isRight()).isTrue();
        }

        @Test
        void send_me_this_key_again_works_three_times_an_hour() {
            var mine = bought(autoKeys(Map.of()), "ada@example.com");
            var ada = signedIn("ada@example.com");

            for (int i = 0; i < 3; i++) {
                assertThat(portal.sendAgain(ada, mine.grant().id().value()).isRight()).isTrue();
            }
            assertThat(portal.sendAgain(ada, mine.grant().id().value()).getLeft()).isInstanceOf(Refusal.NotYet.class);
            engine.settled();
            engine.grantor.relay().runOnce();
            assertThat(engine.mailer.sent().filter(e -> e.resent())).hasSize(3);
        }
    }
}
