package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.Race;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.OperatorAccess.AccessChange;
import dev.grantor.application.port.in.OperatorAccess.Action;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.Operators;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Who may enter a business's console, and who changed that: every add, access given back, removal and role change of
 * an operator is an audit entry by the owner, written in the unit of the change; a call that changes nothing, and one
 * that is refused, writes none.
 */
class OperatorAccessChangesTest {

    private static final BusinessId UNKNOWN_BUSINESS = new BusinessId("bus_" + "1".repeat(21));

    private final EngineFixture engine = new EngineFixture();
    private final OperatorAccess access = engine.grantor.operatorAccess();

    /** The business's access changes, newest first. */
    private List<Action> changes() {
        return access.accessChanges(engine.business, Option.none(), PageLimits.MOST_PER_PAGE).get().changes();
    }

    private List<Action> changesOf(String operatorId) {
        return access.actionsOn(engine.business, operatorId);
    }

    /** A step later, so that each change has its own time and the newest-first order is the order they were made in. */
    private void later() {
        engine.clock.advance(Duration.ofMinutes(1));
    }

    @Nested
    class Each_change {

        @Test
        void adding_an_operator_is_recorded_by_the_owner_with_its_role_at_the_time_it_was_added() {
            var vic = access.add(engine.business, "vic@example.com", Option.some(Role.VIEWER)).get();

            assertThat(changesOf(vic.id())).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo(SignIn.OWNER);
                assertThat(entry.action()).isEqualTo(AccessChange.ADDED.action());
                assertThat(entry.subject()).isEqualTo(vic.id());
                assertThat(entry.detail()).isEqualTo("role viewer");
                assertThat(entry.at()).isEqualTo(vic.createdAt());
            });
        }

        @Test
        void removing_an_operator_is_recorded_with_the_role_it_had() {
            var ada = access.add(engine.business, "ada@example.com").get();
            later();

            var removal = access.remove(engine.business, "ADA@example.com").get();

            assertThat(changesOf(ada.id())).map(Action::action)
                    .containsExactly(AccessChange.ADDED.action(), AccessChange.REMOVED.action());
            assertThat(changesOf(ada.id()).last().detail()).isEqualTo("role operator");
            assertThat(changesOf(ada.id()).last().at()).isEqualTo(removal.operator().removedAt().get());
        }

        @Test
        void adding_a_removed_operator_again_gives_access_back_under_its_id_and_says_so_with_a_changed_role() {
            var ada = access.add(engine.business, "ada@example.com").get();
            access.remove(engine.business, ada.id()).get();
            later();

            assertThat(access.add(engine.business, "ada@example.com", Option.some(Role.VIEWER)).get().id()).isEqualTo(ada.id());

            assertThat(changesOf(ada.id()).last()).satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AccessChange.ACCESS_GIVEN_BACK.action());
                assertThat(entry.detail()).isEqualTo("role viewer (was operator)");
                assertThat(entry.actor()).isEqualTo(SignIn.OWNER);
            });
            assertThat(changesOf(ada.id())).hasSize(3);
        }

        @Test
        void a_role_change_is_recorded_from_the_one_before_to_the_new_one_by_set_role_and_by_add() {
            var ada = access.add(engine.business, "ada@example.com").get();
            later();
            access.changeRole(engine.business, "ada@example.com", Role.VIEWER).get();
            later();
            access.add(engine.business, "ada@example.com", Option.some(Role.OPERATOR)).get();

            assertThat(changesOf(ada.id())).map(Action::detail)
                    .containsExactly("role operator", "from operator to viewer", "from viewer to operator");
            assertThat(changesOf(ada.id()).tail()).map(Action::action).containsOnly(AccessChange.ROLE_CHANGED.action());
        }

        /**
         * Before addresses were matched whatever their case, one business could hold "Ada@" and "ada@" as two operators;
         * a removal or role change by the address changes both, and each has its entry.
         */
        @Test
        void a_change_by_an_address_two_old_rows_share_is_recorded_for_each() {
            var upper = new Operators.Operator("op_" + "1".repeat(21), engine.business, new EmailAddress("Ada@example.com"),
                    engine.clock.instant());
            var lower = new Operators.Operator("op_" + "2".repeat(21), engine.business, new EmailAddress("ada@example.com"),
                    engine.clock.instant());
            engine.store.transactions().write(() -> {
                engine.store.operators().insert(upper);
                engine.store.operators().insert(lower);
                return Either.right(true);
            });
            later();
            access.changeRole(engine.business, "ADA@example.com", Role.VIEWER).get();
            later();
            access.remove(engine.business, "ADA@example.com").get();

            for (String id : List.of(upper.id(), lower.id())) {
                assertThat(changesOf(id)).as(id).map(Action::action)
                        .containsExactly(AccessChange.ROLE_CHANGED.action(), AccessChange.REMOVED.action());
            }
        }

        @Test
        void a_removed_operator_s_role_change_is_recorded_too() {
            var ada = access.add(engine.business, "ada@example.com").get();
            access.remove(engine.business, ada.id()).get();
            later();

            access.changeRole(engine.business, ada.id(), Role.VIEWER).get();

            assertThat(changesOf(ada.id()).last().action()).isEqualTo(AccessChange.ROLE_CHANGED.action());
        }
    }

    @Nested
    class A_call_that_changes_nothing_writes_nothing {

        @Test
        void adding_an_operator_again_with_no_role_or_the_same_role() {
            var ada = access.add(engine.business, "ada@example.com").get();

            access.add(engine.business, "Ada@Example.com").get();
            access.add(engine.business, "ada@example.com", Option.some(Role.OPERATOR)).get();

            assertThat(changesOf(ada.id())).singleElement().extracting(Action::action).isEqualTo(AccessChange.ADDED.action());
        }

        @Test
        void removing_a_removed_operator() {
            var ada = access.add(engine.business, "ada@example.com").get();
            access.remove(engine.business, ada.id()).get();

            assertThat(access.remove(engine.business, ada.id()).get().already()).isTrue();

            assertThat(changesOf(ada.id())).hasSize(2);
        }

        @Test
        void setting_the_role_it_has() {
            var ada = access.add(engine.business, "ada@example.com").get();

            assertThat(access.changeRole(engine.business, ada.id(), Role.OPERATOR).get().changed()).isFalse();

            assertThat(changesOf(ada.id())).hasSize(1);
        }
    }

    /** Racing commands (two scripts, a retried one) change once, and so are recorded once. */
    @Nested
    class Racing_changes {

        @Test
        void sixteen_adds_of_one_new_address_make_one_operator_and_one_entry() {
            var answers = Race.of(16, n -> access.add(engine.business, n % 2 == 0 ? "ada@example.com" : "ADA@example.com"));

            assertThat(answers).allSatisfy(answer -> assertThat(answer.get().isRight()).as(answer.toString()).isTrue());
            assertThat(answers.map(answer -> answer.get().get().id()).distinct()).hasSize(1);
            assertThat(changes()).singleElement().extracting(Action::action).isEqualTo(AccessChange.ADDED.action());
        }

        @Test
        void sixteen_removals_of_one_operator_record_one() {
            var ada = access.add(engine.business, "ada@example.com").get();
            later();

            var answers = Race.of(16, n -> access.remove(engine.business, ada.id()).get());

            assertThat(answers.filter(answer -> !answer.get().already())).hasSize(1);
            assertThat(changesOf(ada.id())).map(Action::action)
                    .containsExactly(AccessChange.ADDED.action(), AccessChange.REMOVED.action());
        }
    }

    @Nested
    class A_refused_change_leaves_no_entry {

        @Test
        void for_an_unknown_operator_or_business_or_a_malformed_address() {
            var other = engine.grantor.access().createBusiness("Other").get().id();
            var ada = access.add(engine.business, "ada@example.com").get();
            var before = changes();

            assertThat(access.remove(engine.business, "nobody@example.com").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.remove(engine.business, "op_unknown").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.changeRole(engine.business, "op_unknown", Role.VIEWER).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.remove(other, ada.id()).getLeft().code()).as("another business's operator").isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.add(UNKNOWN_BUSINESS, "ada@example.com").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.add(engine.business, "not an address").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);

            assertThat(changes()).isEqualTo(before);
            assertThat(access.accessChanges(other, Option.none(), 10).get().changes()).isEmpty();
        }
    }

    /** The entry is the change's last write in its unit: when it cannot be written, the change is taken back with it. */
    @Nested
    class An_entry_that_cannot_be_written {

        private AuditTrailFailingOnce failing;

        private OperatorAccess failingOnce(InMemoryStore store) {
            failing = new AuditTrailFailingOnce(store.auditTrail());
            return Grantor.builder().storage(EngineFixture.storage(store)).mailer(engine.mailer).eventSink(engine.events)
                    .clock(engine.clock).auditTrail(failing).build().operatorAccess();
        }

        @Test
        void takes_the_add_the_removal_and_the_role_change_back_with_it() {
            var withFailures = failingOnce(engine.store);
            var ada = access.add(engine.business, "ada@example.com").get();

            failing.arm();
            assertThatThrownBy(() -> withFailures.add(engine.business, "bob@example.com")).hasMessageContaining("the disk filled up");
            failing.arm();
            assertThatThrownBy(() -> withFailures.changeRole(engine.business, ada.id(), Role.VIEWER)).hasMessageContaining("disk");
            failing.arm();
            assertThatThrownBy(() -> withFailures.remove(engine.business, ada.id())).hasMessageContaining("disk");

            assertThat(access.list(engine.business).get()).singleElement().satisfies(operator -> {
                assertThat(operator.email()).isEqualTo("ada@example.com");
                assertThat(operator.role()).isEqualTo(Role.OPERATOR);
                assertThat(operator.removedAt()).isEmpty();
            });
            assertThat(changes()).hasSize(1);
        }
    }

    @Nested
    class The_history {

        @Test
        void is_newest_first_a_page_at_a_time_and_only_the_business_s_own() {
            var other = engine.grantor.access().createBusiness("Other").get().id();
            access.add(other, "ada@example.com").get();
            var ada = access.add(engine.business, "ada@example.com").get();
            later();
            var bob = access.add(engine.business, "bob@example.com", Option.some(Role.VIEWER)).get();
            later();
            access.changeRole(engine.business, bob.id(), Role.OPERATOR).get();
            later();
            access.remove(engine.business, ada.id()).get();

            assertThat(changes()).map(a -> a.subject() + " " + a.action()).containsExactly(
                    ada.id() + " " + AccessChange.REMOVED.action(),
                    bob.id() + " " + AccessChange.ROLE_CHANGED.action(),
                    bob.id() + " " + AccessChange.ADDED.action(),
                    ada.id() + " " + AccessChange.ADDED.action());

            var firstTwo = access.accessChanges(engine.business, Option.none(), 2).get();
            var lastTwo = access.accessChanges(engine.business, firstTwo.older(), 2).get();
            assertThat(firstTwo.older()).isNotEmpty();
            assertThat(lastTwo.older()).isEmpty();
            assertThat(firstTwo.changes().appendAll(lastTwo.changes())).isEqualTo(changes());
        }

        @Test
        void comes_with_the_operators_it_is_read_for_removed_ones_too_so_a_reader_needs_no_second_read() {
            var ada = access.add(engine.business, "ada@example.com").get();
            later();
            var bob = access.add(engine.business, "bob@example.com", Option.some(Role.VIEWER)).get();
            later();
            access.remove(engine.business, ada.id()).get();

            var page = access.accessChanges(engine.business, Option.none(), 1).get();

            assertThat(page.operators()).isEqualTo(access.list(engine.business).get());
            assertThat(page.operators()).map(OperatorAccess.Operator::id).containsExactlyInAnyOrder(ada.id(), bob.id());
            assertThat(page.operators().find(o -> o.id().equals(ada.id())).get().removedAt().isDefined()).isTrue();
            assertThat(page.changes()).as("one a page, the operators all the same").hasSize(1);
        }

        @Test
        void does_not_mix_in_what_operators_did_in_the_console() {
            var ada = access.add(engine.business, "ada@example.com").get();
            var grant = engine.issue(engine.manualEntitlement());
            access.recorded(engine.business, ada.id(), new OperatorAccess.Note("fulfilled", grant.grant().id().value(), ""),
                    () -> engine.fulfill(grant, "KEY-TEAM-000001")).get();

            assertThat(changes()).map(Action::action).containsExactly(AccessChange.ADDED.action());
        }

        @Test
        void refuses_a_page_out_of_bounds_and_an_unknown_business() {
            assertThat(access.accessChanges(engine.business, Option.none(), 0).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(access.accessChanges(engine.business, Option.none(), PageLimits.MOST_PER_PAGE + 1).getLeft().code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(access.accessChanges(UNKNOWN_BUSINESS, Option.none(), 10).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}
