package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.PortalSignIns.SignInCode;
import dev.grantor.application.port.out.PortalSignIns.SignInLink;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code PortalSignIns}: a link opens one session at most; a code is used once and burns after its wrong tries. */
public abstract class PortalSignInsContract extends PortContract {

    private static final BusinessId BUSINESS = new BusinessId(ContractFixtures.id(BusinessId.PREFIX));
    private static final BusinessId OTHER = new BusinessId(ContractFixtures.id(BusinessId.PREFIX));

    private static SignInLink link(String hash, Option<String> returnUrl) {
        return new SignInLink(hash, BUSINESS, new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), returnUrl, at(0),
                at(0).plus(Duration.ofHours(24)));
    }

    private static SignInCode code(BusinessId business, String emailKey, String hash) {
        return new SignInCode(business, emailKey, hash, at(0), at(0).plus(Duration.ofMinutes(30)), 0);
    }

    @Nested
    class Links {

        @Test
        void a_link_is_taken_once_and_comes_back_as_it_was_stored() {
            var stored = link("hash-a", Option.some("https://shop.example/account?x=1&y=2"));
            var plain = link("hash-b", Option.none());
            inUnit(() -> {
                store.portalSignIns().insertLink(stored);
                store.portalSignIns().insertLink(plain);
            });

            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("hash-a", at(60)))).contains(stored);
            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("hash-a", at(61)))).isEmpty();
            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("hash-b", at(62)))).contains(plain);
            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("unknown", at(62)))).isEmpty();
        }

        @Test
        void an_expired_link_is_not_taken_even_at_its_exact_expiry() {
            var stored = link("hash-expiring", Option.none());
            inUnit(() -> store.portalSignIns().insertLink(stored));

            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("hash-expiring", stored.expiresAt()))).isEmpty();
        }

        @Test
        void a_link_taken_in_a_unit_that_rolls_back_stays_takeable() {
            var stored = link("hash-rollback", Option.none());
            inUnit(() -> store.portalSignIns().insertLink(stored));

            store.transactions().write(() -> {
                store.portalSignIns().takeLink("hash-rollback", at(1));
                return Either.left("changed my mind");
            });

            assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("hash-rollback", at(2)))).contains(stored);
        }

        @Test
        void of_16_racing_takers_of_one_link_exactly_one_gets_it() {
            var stored = link("hash-race", Option.none());
            inUnit(() -> store.portalSignIns().insertLink(stored));

            var outcomes = race(16, n -> inUnitAnswering(() -> store.portalSignIns().takeLink("hash-race", at(5))));

            assertThat(outcomes).allMatch(Either::isRight);
            assertThat(outcomes.stream().filter(o -> o.get().isDefined())).hasSize(1);
        }
    }

    @Nested
    class Codes {

        @Test
        void a_code_is_found_by_business_and_email_and_a_newer_one_replaces_it() {
            var first = code(BUSINESS, "ada@example.com", "first");
            var second = code(BUSINESS, "ada@example.com", "second");
            inUnit(() -> store.portalSignIns().putCode(first));
            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "ada@example.com"))).contains(first);
            assertThat(reading(() -> store.portalSignIns().findCode(OTHER, "ada@example.com"))).isEmpty();

            inUnit(() -> store.portalSignIns().putCode(second));

            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "ada@example.com"))).contains(second);
            assertThat(inUnitAnswering(() -> store.portalSignIns().useCode(BUSINESS, "ada@example.com", "first"))).isFalse();
        }

        @Test
        void a_code_is_used_once() {
            inUnit(() -> store.portalSignIns().putCode(code(BUSINESS, "once@example.com", "h")));

            assertThat(inUnitAnswering(() -> store.portalSignIns().useCode(OTHER, "once@example.com", "h"))).isFalse();
            assertThat(inUnitAnswering(() -> store.portalSignIns().useCode(BUSINESS, "once@example.com", "h"))).isTrue();
            assertThat(inUnitAnswering(() -> store.portalSignIns().useCode(BUSINESS, "once@example.com", "h"))).isFalse();
            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "once@example.com"))).isEmpty();
        }

        @Test
        void wrong_tries_are_counted_and_the_last_allowed_one_burns_the_code() {
            inUnit(() -> store.portalSignIns().putCode(code(BUSINESS, "tries@example.com", "h")));

            for (int i = 1; i <= 4; i++) {
                assertThat(inUnitAnswering(() -> store.portalSignIns().countWrongTry(BUSINESS, "tries@example.com", "h", 5)))
                        .isEqualTo(i);
            }
            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "tries@example.com")).get().wrongTries()).isEqualTo(4);
            assertThat(inUnitAnswering(() -> store.portalSignIns().countWrongTry(BUSINESS, "tries@example.com", "h", 5))).isEqualTo(5);
            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "tries@example.com"))).isEmpty();
            assertThat(inUnitAnswering(() -> store.portalSignIns().countWrongTry(BUSINESS, "tries@example.com", "h", 5))).isZero();
        }

        @Test
        void of_16_racing_users_of_one_code_exactly_one_succeeds() {
            inUnit(() -> store.portalSignIns().putCode(code(BUSINESS, "race@example.com", "h")));

            var outcomes = race(16, n -> inUnitAnswering(() -> store.portalSignIns().useCode(BUSINESS, "race@example.com", "h")));

            assertThat(outcomes).allMatch(Either::isRight);
            assertThat(outcomes.stream().filter(o -> o.get())).hasSize(1);
        }

        @Test
        void of_16_racing_wrong_tries_none_is_lost_and_the_code_burns_at_the_fifth() {
            inUnit(() -> store.portalSignIns().putCode(code(BUSINESS, "burn@example.com", "h")));

            var outcomes = race(16, n -> inUnitAnswering(() -> store.portalSignIns().countWrongTry(BUSINESS, "burn@example.com", "h", 5)));

            assertThat(outcomes).allMatch(Either::isRight);
            assertThat(outcomes.stream().map(Either::get).filter(n -> n > 0).sorted().toList()).containsExactly(1, 2, 3, 4, 5);
            assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "burn@example.com"))).isEmpty();
        }
    }

    @Test
    void a_customer_s_links_are_forgotten_used_or_not_and_no_one_else_s() {
        var moved = new CustomerId(ContractFixtures.id(CustomerId.PREFIX));
        var other = new CustomerId(ContractFixtures.id(CustomerId.PREFIX));
        var window = at(0).plus(Duration.ofHours(24));
        inUnit(() -> {
            store.portalSignIns().insertLink(new SignInLink("moved-used", BUSINESS, moved, Option.none(), at(0), window));
            store.portalSignIns().insertLink(new SignInLink("moved-unused", BUSINESS, moved, Option.none(), at(0), window));
            store.portalSignIns().insertLink(new SignInLink("other", BUSINESS, other, Option.none(), at(0), window));
            store.portalSignIns().insertLink(new SignInLink("elsewhere", OTHER, moved, Option.none(), at(0), window));
        });
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("moved-used", at(1)))).isNotEmpty();

        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksOf(BUSINESS, moved))).isEqualTo(2);

        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("moved-unused", at(2)))).isEmpty();
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("other", at(2)))).as("another customer's").isNotEmpty();
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("elsewhere", at(2)))).as("another business's").isNotEmpty();
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksOf(BUSINESS, moved))).isZero();
    }

    @Test
    void expired_links_and_codes_are_forgotten_and_live_ones_kept() {
        var old = new SignInLink("old", BUSINESS, new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), Option.none(), at(0), at(10));
        var live = link("live", Option.none());
        var oldCode = new SignInCode(BUSINESS, "old@example.com", "h", at(0), at(10), 0);
        var liveCode = code(BUSINESS, "live@example.com", "h");
        inUnit(() -> {
            store.portalSignIns().insertLink(old);
            store.portalSignIns().insertLink(live);
            store.portalSignIns().putCode(oldCode);
            store.portalSignIns().putCode(liveCode);
        });

        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksExpiredBefore(at(11), 10))).isEqualTo(1);
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetCodesExpiredBefore(at(11), 10))).isEqualTo(1);

        assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "live@example.com"))).contains(liveCode);
        assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "old@example.com"))).isEmpty();
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("live", at(12)))).contains(live);
    }

    @Test
    void expired_links_and_codes_go_oldest_first_a_limit_at_a_time_and_the_cutoff_is_exclusive() {
        var customer = new CustomerId(ContractFixtures.id(CustomerId.PREFIX));
        inUnit(() -> {
            for (int second : new int[] {30, 10, 20, 40}) {
                store.portalSignIns().insertLink(new SignInLink("link-" + second, BUSINESS, customer, Option.none(), at(0), at(second)));
                store.portalSignIns().putCode(new SignInCode(BUSINESS, "c" + second + "@example.com", "h", at(0), at(second), 0));
            }
        });

        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksExpiredBefore(at(40), 2))).isEqualTo(2);
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetCodesExpiredBefore(at(40), 2))).isEqualTo(2);
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("link-30", at(5)))).as("the oldest went first").isNotEmpty();
        assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "c30@example.com"))).as("the oldest went first").isNotEmpty();
        assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "c20@example.com"))).isEmpty();
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksExpiredBefore(at(1000), 0))).isZero();
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetCodesExpiredBefore(at(1000), 0))).isZero();

        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetLinksExpiredBefore(at(40), 10))).isEqualTo(1);
        assertThat(inUnitAnswering(() -> store.portalSignIns().forgetCodesExpiredBefore(at(40), 10))).isEqualTo(1);
        assertThat(inUnitAnswering(() -> store.portalSignIns().takeLink("link-40", at(39)))).as("the cutoff is exclusive").isNotEmpty();
        assertThat(reading(() -> store.portalSignIns().findCode(BUSINESS, "c40@example.com"))).as("the cutoff is exclusive").isNotEmpty();
    }

    private <T> T inUnitAnswering(java.util.function.Supplier<T> work) {
        return store.transactions().write(() -> Either.<String, T>right(work.get())).get();
    }
}
