package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.OperatorAccess.Note;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What an operator may do in the console: an operator (the default, every operator's right before roles) changes
 * things, a viewer only looks, the owner (a command-line link) changes things. The rule is asked by every recorded
 * console change, before the change runs.
 */
class OperatorRolesTest {

    private final EngineFixture engine = new EngineFixture();
    private final OperatorAccess access = engine.grantor.operatorAccess();

    private Either<GrantorError, GrantView> fulfilledBy(String actor, GrantView grant, String key) {
        return access.recorded(engine.business, actor, new Note("fulfilled", grant.grant().id().value(), ""),
                () -> engine.fulfill(grant, key)).map(OperatorAccess.Outcome::value);
    }

    private GrantStatus status(GrantView grant) {
        return engine.grantor.grants().get(engine.business, grant.grant().id().value()).get().grant().status();
    }

    @Nested
    class A_viewer {

        @Test
        void is_refused_every_recorded_change_which_is_not_even_run_and_leaves_no_entry() {
            var viewer = access.add(engine.business, "vic@example.com", Option.some(Role.VIEWER)).get();
            var grant = engine.issue(engine.manualEntitlement());
            var ran = new AtomicBoolean();

            var refused = access.recorded(engine.business, viewer.id(), new Note("fulfilled", grant.grant().id().value(), ""),
                    () -> {
                        ran.set(true);
                        return engine.fulfill(grant, "KEY-VIEWER-00001");
                    });

            assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.getLeft().message()).contains("viewer");
            assertThat(ran).as("the change is not run").isFalse();
            assertThat(status(grant)).isEqualTo(GrantStatus.PENDING);
            assertThat(access.actionsOn(engine.business, grant.grant().id().value())).isEmpty();
        }

        @Test
        void made_an_operator_may_change_from_its_next_request_on_and_made_a_viewer_again_may_not() {
            var vic = access.add(engine.business, "vic@example.com", Option.some(Role.VIEWER)).get();
            var grant = engine.issue(engine.manualEntitlement());

            var change = access.changeRole(engine.business, "VIC@example.com", Role.OPERATOR).get();

            assertThat(change.previous()).isEqualTo(Role.VIEWER);
            assertThat(change.changed()).isTrue();
            assertThat(fulfilledBy(vic.id(), grant, "KEY-PROMOTED-0001").isRight()).isTrue();
            access.changeRole(engine.business, vic.id(), Role.VIEWER).get();
            assertThat(access.mayChange(engine.business, vic.id()).isLeft()).isTrue();
        }
    }

    /**
     * The rule is asked again inside the unit that commits the change: a demotion or removal that commits after the
     * first check but before that unit refuses the change. The other thread stands for a second console or the command
     * line (a unit of this thread would itself carry the entry).
     */
    @Nested
    class A_role_lost_while_the_change_runs {

        private Either<GrantorError, GrantView> losingAccessMidway(Runnable loss, GrantView grant) {
            var ada = access.add(engine.business, "ada@example.com").get();
            return access.recorded(engine.business, ada.id(), new Note("fulfilled", grant.grant().id().value(), ""), () -> {
                CompletableFuture.runAsync(loss).join();
                return engine.fulfill(grant, "KEY-MIDWAY-000001");
            }).map(OperatorAccess.Outcome::value);
        }

        @Test
        void by_a_demotion_refuses_the_change_which_leaves_nothing_and_no_entry() {
            var grant = engine.issue(engine.manualEntitlement());

            var answer = losingAccessMidway(() -> access.changeRole(engine.business, "ada@example.com", Role.VIEWER).get(), grant);

            assertThat(answer.getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(status(grant)).isEqualTo(GrantStatus.PENDING);
            assertThat(access.actionsOn(engine.business, grant.grant().id().value())).isEmpty();
        }

        @Test
        void by_a_removal_refuses_the_change_which_leaves_nothing_and_no_entry() {
            var grant = engine.issue(engine.manualEntitlement());

            var answer = losingAccessMidway(() -> access.remove(engine.business, "ada@example.com").get(), grant);

            assertThat(answer.getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(status(grant)).isEqualTo(GrantStatus.PENDING);
            assertThat(access.actionsOn(engine.business, grant.grant().id().value())).isEmpty();
        }
    }

    @Nested
    class An_operator_added_without_a_role {

        @Test
        void is_an_operator_and_adding_it_again_without_a_role_keeps_the_one_it_has() {
            var ada = access.add(engine.business, "ada@example.com").get();
            access.changeRole(engine.business, ada.id(), Role.VIEWER).get();

            var again = access.add(engine.business, "Ada@example.com").get();

            assertThat(ada.role()).isEqualTo(Role.OPERATOR);
            assertThat(again.id()).isEqualTo(ada.id());
            assertThat(again.role()).as("kept").isEqualTo(Role.VIEWER);
            assertThat(access.list(engine.business).get().map(OperatorAccess.Operator::role)).containsExactly(Role.VIEWER);
        }
    }

    @Nested
    class The_owner_and_strangers {

        @Test
        void the_owner_of_a_command_line_link_may_change_things() {
            var grant = engine.issue(engine.manualEntitlement());

            assertThat(fulfilledBy(SignIn.OWNER, grant, "KEY-OWNER-000001").isRight()).isTrue();
        }

        @Test
        void an_unknown_subject_or_another_business_s_operator_may_not() {
            var other = engine.grantor.access().createBusiness("Bolt").get().id();
            var bea = access.add(other, "bea@example.com").get();

            assertThat(access.mayChange(engine.business, "op_nobody").getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(access.mayChange(engine.business, bea.id()).getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(access.mayChange(other, bea.id()).isRight()).isTrue();
        }

        @Test
        void an_unknown_business_or_operator_cannot_be_given_a_role() {
            assertThat(access.changeRole(engine.business, "op_nobody", Role.VIEWER).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(access.changeRole(engine.business, "nobody@example.com", Role.VIEWER).getLeft().code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
            var unknown = new dev.grantor.domain.shared.BusinessId(engine.business.value().substring(0, 4) + "0".repeat(
                    engine.business.value().length() - 4));
            assertThat(access.changeRole(unknown, "ada@example.com", Role.VIEWER).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    /**
     * Every sequence of up to three steps of one address's life (added with or without a role, its role set, removed)
     * against a model kept here: after each step, whether it may change things and the role it is listed with are the
     * model's. The model: a new operator is an operator unless added as a viewer; adding an existing one with a role
     * sets it and without one keeps it; adding gives a removed one access back; a role survives removal; only an
     * operator with access and the operator role may change.
     */
    @Nested
    class Every_short_life_of_an_operator {

        enum Step { ADD, ADD_AS_OPERATOR, ADD_AS_VIEWER, MAKE_OPERATOR, MAKE_VIEWER, REMOVE }

        /** The model's state of one address: absent (role null), or a role and whether it has access. */
        record Model(Role role, boolean access) {
            static final Model ABSENT = new Model(null, false);

            Model after(Step step) {
                return switch (step) {
                    case ADD -> new Model(role == null ? Role.OPERATOR : role, true);
                    case ADD_AS_OPERATOR -> new Model(Role.OPERATOR, true);
                    case ADD_AS_VIEWER -> new Model(Role.VIEWER, true);
                    case MAKE_OPERATOR -> role == null ? this : new Model(Role.OPERATOR, access);
                    case MAKE_VIEWER -> role == null ? this : new Model(Role.VIEWER, access);
                    case REMOVE -> role == null ? this : new Model(role, false);
                };
            }

            boolean mayChange() {
                return access && role == Role.OPERATOR;
            }
        }

        @Test
        void agrees_with_the_model_after_every_step() {
            var sequences = List.range(1, 4).flatMap(length -> sequences(length));
            int n = 0;
            for (var sequence : sequences) {
                String email = "life" + n++ + "@example.com";
                var model = Model.ABSENT;
                for (int i = 0; i < sequence.size(); i++) {
                    var step = sequence.get(i);
                    var answer = run(step, email);
                    model = model.after(step);
                    String where = sequence.take(i + 1).mkString(" ");
                    assertThat(answer.isRight()).as("%s answered", where).isEqualTo(model.role != null);
                    var listed = access.list(engine.business).get().find(o -> o.email().equals(email));
                    assertThat(listed.map(OperatorAccess.Operator::role).getOrNull()).as("role after %s", where).isEqualTo(model.role);
                    assertThat(listed.exists(o -> o.removedAt().isEmpty())).as("access after %s", where).isEqualTo(model.access);
                    assertThat(listed.exists(o -> access.mayChange(engine.business, o.id()).isRight()))
                            .as("may change after %s", where).isEqualTo(model.mayChange());
                }
            }
            assertThat(n).isEqualTo(6 + 36 + 216);
        }

        private Either<GrantorError, ?> run(Step step, String email) {
            return switch (step) {
                case ADD -> access.add(engine.business, email);
                case ADD_AS_OPERATOR -> access.add(engine.business, email, Option.some(Role.OPERATOR));
                case ADD_AS_VIEWER -> access.add(engine.business, email, Option.some(Role.VIEWER));
                case MAKE_OPERATOR -> access.changeRole(engine.business, email, Role.OPERATOR);
                case MAKE_VIEWER -> access.changeRole(engine.business, email, Role.VIEWER);
                case REMOVE -> access.remove(engine.business, email);
            };
        }

        private static List<List<Step>> sequences(int length) {
            if (length == 0) {
                return List.of(List.empty());
            }
            return sequences(length - 1).flatMap(prefix -> List.of(Step.values()).map(prefix::append));
        }
    }
}
