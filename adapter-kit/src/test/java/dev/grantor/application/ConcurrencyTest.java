package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.Race;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Races the issue demands: many writers at once, exactly the right number of winners. */
class ConcurrencyTest {

    static final int THREADS = 32;

    final EngineFixture engine = new EngineFixture();
    /** Starts every call at the same moment and answers their results. */
    static <T> List<T> race(IntFunction<T> call) {
        return Race.answers(Race.of(THREADS, call)).asJava();
    }

    static Map<String, Long> outcomes(List<? extends Either<GrantorError, ?>> results) {
        return results.stream().collect(Collectors.groupingBy(r -> r.isRight() ? "ok" : r.getLeft().code().name(), Collectors.counting()));
    }

    @Nested
    class Fulfilling {

        @Test
        void one_grant_with_32_different_keys_delivers_exactly_one_and_tells_the_rest_it_is_not_pending() throws Exception {
            var grant = engine.issue(engine.manualEntitlement());

            var results = race(n -> engine.fulfill(grant, "KEY-" + n));

            assertThat(outcomes(results)).containsOnly(Map.entry("ok", 1L), Map.entry(ErrorCode.GRANT_NOT_PENDING.name(), 31L));
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
        }

        @Test
        void thirty_two_grants_with_one_key_value_deliver_exactly_one() throws Exception {
            var entitlement = engine.manualEntitlement();
            var grants = new ArrayList<GrantView>();
            for (int i = 0; i < THREADS; i++) {
                grants.add(engine.issue(entitlement));
            }

            var results = race(n -> engine.fulfill(grants.get(n), "THE-ONE-KEY"));

            assertThat(outcomes(results))
                    .containsOnly(Map.entry("ok", 1L), Map.entry(ErrorCode.LICENSE_KEY_ALREADY_EXISTS.name(), 31L));
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
        }
    }

    @Nested
    class Activating {

        @Test
        void one_key_with_limit_5_from_32_machines_makes_exactly_5_instances() throws Exception {
            engine.fulfill(engine.issue(engine.manualEntitlement()), "SHARED").get();

            var results = race(n -> engine.grantor.licensing().activate(new ActivateLicense("SHARED", "machine-" + n)));

            assertThat(outcomes(results))
                    .containsOnly(Map.entry("ok", 5L), Map.entry(ErrorCode.LICENSE_KEY_LIMIT_REACHED.name(), 27L));
            assertThat(engine.store.licenseKeys().findByValue(new dev.grantor.domain.grant.LicenseKeyValue("SHARED")).get()
                    .activationsUsed()).isEqualTo(5);
        }
    }
}
