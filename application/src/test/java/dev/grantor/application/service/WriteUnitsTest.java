package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.LicenseKeyAlreadyExists;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WriteUnitsTest {

    /** Runs the unit directly: enough to see what the retry loop does with what escapes it. */
    static final class Direct implements Transactions {
        @Override
        public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
            return unit.get();
        }

        @Override
        public <T> T read(Supplier<T> unit) {
            return unit.get();
        }

        @Override
        public void afterCommit(Runnable action) {
            action.run();
        }
    }

    final WriteUnits units = new WriteUnits(new Direct());
    final AtomicInteger attempts = new AtomicInteger();

    @Nested
    class A_unit_that_loses_a_race {

        @Test
        void is_run_again_and_answers_what_the_rerun_found() {
            Either<GrantorError, String> result = units.write(() -> {
                if (attempts.incrementAndGet() < 3) {
                    throw new ConcurrentUpdate("stale version");
                }
                return Either.right("second look");
            });

            assertThat(result.get()).isEqualTo("second look");
            assertThat(attempts).hasValue(3);
        }

        @Test
        void that_never_wins_ends_in_the_exception_after_a_bounded_number_of_attempts() {
            assertThatThrownBy(() -> units.write(() -> {
                attempts.incrementAndGet();
                throw new ConcurrentUpdate("always stale");
            })).isInstanceOf(ConcurrentUpdate.class);
            assertThat(attempts).hasValue(WriteUnits.MAX_ATTEMPTS);
        }
    }

    @Nested
    class A_unit_that_hits_a_uniqueness_rule {

        @Test
        void answers_with_the_use_case_s_answer_when_it_has_one() {
            Either<GrantorError, String> result = units.write(() -> {
                attempts.incrementAndGet();
                throw new DuplicateRecord(DuplicateRecord.Rule.LICENSE_KEY_VALUE, "taken");
            }, duplicate -> Option.some(Either.left(new LicenseKeyAlreadyExists())));

            assertThat(result.getLeft()).isInstanceOf(LicenseKeyAlreadyExists.class);
            assertThat(attempts).hasValue(1);
        }

        @Test
        void is_run_again_to_find_the_winner_s_record_otherwise() {
            Either<GrantorError, String> result = units.write(() -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.GRANT_ORIGIN, "issued already");
                }
                return Either.right("the existing grant");
            });

            assertThat(result.get()).isEqualTo("the existing grant");
        }

        @Test
        void of_an_unknown_rule_is_not_retried() {
            assertThatThrownBy(() -> units.write(() -> {
                attempts.incrementAndGet();
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "broken store");
            })).isInstanceOf(DuplicateRecord.class);
            assertThat(attempts).hasValue(1);
        }
    }

    @Nested
    class A_series_of_units {

        @Test
        void goes_on_from_the_unit_that_lost_a_race_and_keeps_the_answers_handed_before_it() {
            var answers = new java.util.ArrayList<Integer>();
            var next = new AtomicInteger();
            units.<Integer>writeInTurn(() -> {
                int n = next.get();
                if (n == 2 && attempts.incrementAndGet() < 3) {
                    throw new ConcurrentUpdate("stale version");
                }
                next.incrementAndGet();
                return Either.right(n);
            }, answer -> answer.get() < 4, answer -> answers.add(answer.get()));

            assertThat(answers).containsExactly(0, 1, 2, 3, 4);
            assertThat(attempts).hasValue(3);
        }

        @Test
        void ends_in_the_exception_when_one_unit_never_wins() {
            var answers = new java.util.ArrayList<Integer>();
            var next = new AtomicInteger();
            assertThatThrownBy(() -> units.<Integer>writeInTurn(() -> {
                if (next.get() == 1) {
                    attempts.incrementAndGet();
                    throw new ConcurrentUpdate("stale version");
                }
                return Either.right(next.getAndIncrement());
            }, answer -> true, answer -> answers.add(answer.get()))).isInstanceOf(ConcurrentUpdate.class);

            assertThat(answers).containsExactly(0);
            assertThat(attempts).hasValue(WriteUnits.MAX_ATTEMPTS);
        }
    }
}
