package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.application.contract.ContractFixtures.World;
import dev.grantor.application.port.out.ResendLedger.Claim;
import dev.grantor.application.port.out.ResendLedger.Entry;
import dev.grantor.application.service.WriteUnits;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * {@code ResendLedger}: a policy's window per grant opens at its first use, takes {@code count} uses and starts over
 * once it has passed; policies and grants count apart; concurrent claims never exceed the count; resends are
 * listed newest first, per business and grant.
 */
public abstract class ResendLedgerContract extends PortContract {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void a_window_takes_its_count_of_uses_then_refuses_until_it_has_passed() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);

        assertThat(claim(world, grant, "customer", 3, at(0))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(60))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(120))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(180))).isEqualTo(new Claim.Refused(at(600)));
        assertThat(claim(world, grant, "customer", 3, at(599))).isEqualTo(new Claim.Refused(at(600)));
        assertThat(claim(world, grant, "customer", 3, at(600))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(601))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(602))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 3, at(603))).isEqualTo(new Claim.Refused(at(1200)));
    }

    @Test
    void the_window_is_exact_to_the_nanosecond() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var opened = at(0).plusNanos(123_456_789);

        assertThat(claim(world, grant, "merchant", 1, opened)).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "merchant", 1, opened.plus(TEN_MINUTES).minusNanos(1)))
                .isEqualTo(new Claim.Refused(opened.plus(TEN_MINUTES)));
        assertThat(claim(world, grant, "merchant", 1, opened.plus(TEN_MINUTES))).isEqualTo(new Claim.Granted());
    }

    /** One generated claim: a policy (each with its own count) after a pause, sometimes exactly to a window's end. */
    private record Step(String policy, int count, long pauseSeconds, boolean toTheWindowsEnd) {}

    @Test
    void generated_sequences_of_claims_answer_as_an_independent_model_of_the_windows_does() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var steps = Instancio.ofList(Step.class).size(160).supply(all(Step.class), r -> {
            boolean first = r.trueOrFalse();
            return new Step(first ? "customer" : "merchant", first ? 3 : 1, r.oneOf(0L, 1L, 59L, 120L, 299L, 599L, 601L),
                    r.intRange(0, 9) == 0);
        }).withSeed(12L).create();
        var opened = new HashMap<String, Instant>();
        var used = new HashMap<String, Integer>();
        var now = at(0);

        for (var step : steps) {
            var open = opened.get(step.policy());
            now = step.toTheWindowsEnd() && open != null && open.plus(TEN_MINUTES).isAfter(now) ? open.plus(TEN_MINUTES)
                    : now.plusSeconds(step.pauseSeconds());
            Claim expected;
            if (open == null || !now.isBefore(open.plus(TEN_MINUTES))) {
                opened.put(step.policy(), now);
                used.put(step.policy(), 1);
                expected = new Claim.Granted();
            } else if (used.get(step.policy()) < step.count()) {
                used.merge(step.policy(), 1, Integer::sum);
                expected = new Claim.Granted();
            } else {
                expected = new Claim.Refused(open.plus(TEN_MINUTES));
            }

            assertThat(claim(world, grant, step.policy(), step.count(), now)).as("%s at %s", step, now).isEqualTo(expected);
        }
    }

    @Test
    void policies_and_grants_count_apart() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var other = insertedGrant(world);

        assertThat(claim(world, grant, "merchant", 1, at(0))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "customer", 1, at(1))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, other, "merchant", 1, at(2))).isEqualTo(new Claim.Granted());
        assertThat(claim(world, grant, "merchant", 1, at(3))).isInstanceOf(Claim.Refused.class);
    }

    @Test
    void a_claim_in_a_unit_that_rolls_back_uses_nothing() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);

        var rolledBack = store.transactions().write(() -> {
            store.resendLedger().claim(world.businessId(), grant.id(), "merchant", 1, TEN_MINUTES, at(0));
            return Either.<GrantorError, Boolean>left(new GrantorError.NotFound("grant", grant.id().value()));
        });

        assertThat(rolledBack.isLeft()).isTrue();
        assertThat(claim(world, grant, "merchant", 1, at(1))).isEqualTo(new Claim.Granted());
    }

    @Test
    void of_sixteen_concurrent_claims_on_a_single_use_exactly_one_is_granted() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);

        var outcomes = race(16, i -> claim(world, grant, "merchant", 1, at(5)));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().filter(o -> o.get() instanceof Claim.Granted).count()).isEqualTo(1);
    }

    @Test
    void of_sixteen_concurrent_claims_on_three_uses_exactly_three_are_granted_even_on_an_open_window() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        assertThat(claim(world, grant, "customer", 4, at(0))).isEqualTo(new Claim.Granted());

        var outcomes = race(16, i -> claim(world, grant, "customer", 4, at(5)));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.stream().filter(o -> o.get() instanceof Claim.Granted).count()).isEqualTo(3);
        assertThat(outcomes.stream().filter(o -> o.get() instanceof Claim.Refused).map(o -> ((Claim.Refused) o.get()).nextAllowedAt()))
                .containsOnly(at(0).plus(TEN_MINUTES));
    }

    @Test
    void resends_are_listed_newest_first_for_their_business_and_grant_only() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var other = insertedGrant(world);
        var elsewhere = ContractFixtures.world(store);
        var first = new Entry(ContractFixtures.id("msg_"), world.businessId(), grant.id(), "merchant", "api_key:key_1", at(1));
        var second = new Entry(ContractFixtures.id("msg_"), world.businessId(), grant.id(), "customer",
                "customer:" + world.customer().id().value(), at(2).plusNanos(7));
        var otherGrants = new Entry(ContractFixtures.id("msg_"), world.businessId(), other.id(), "operator", "operator:alice", at(3));
        inUnit(() -> {
            store.resendLedger().record(first);
            store.resendLedger().record(second);
            store.resendLedger().record(otherGrants);
        });

        assertThat(reading(() -> store.resendLedger().list(world.businessId(), grant.id()))).containsExactly(second, first);
        assertThat(reading(() -> store.resendLedger().list(world.businessId(), other.id()))).containsExactly(otherGrants);
        assertThat(reading(() -> store.resendLedger().list(elsewhere.businessId(), grant.id()))).isEmpty();
    }

    private Claim claim(World world, Grant grant, String policy, int count, Instant now) {
        return new WriteUnits(store.transactions()).write(() -> Either.<GrantorError, Claim>right(
                store.resendLedger().claim(world.businessId(), grant.id(), policy, count, TEN_MINUTES, now))).get();
    }

    private Grant insertedGrant(World world) {
        var grant = ContractFixtures.pendingGrant(world.entitlement(), world.customer(),
                new GrantOrigin.Direct(), at(0));
        inUnit(() -> store.grants().insert(grant));
        return grant;
    }
}
