package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.Race;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.OperatorAccess.Action;
import dev.grantor.application.port.in.OperatorAccess.Note;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A console action and its audit entry are one unit of work: a change that commits has its entry, a change that does
 * not commit has none, and a failure while writing the entry takes the change back with it.
 */
class OperatorAuditTest {

    private final EngineFixture engine = new EngineFixture();
    /** Only an operator of the business, with the operator role, may change things: the audit's actor is a real one. */
    private final String ada = operator("ada@example.com");

    private String operator(String email) {
        return engine.grantor.operatorAccess().add(engine.business, email).get().id();
    }

    private Either<GrantorError, GrantView> fulfilledBy(String actor, GrantView grant, String key) {
        String id = grant.grant().id().value();
        return engine.grantor.operatorAccess().recorded(engine.business, actor, new Note("fulfilled", id, "by hand"),
                () -> engine.fulfill(grant, key)).map(OperatorAccess.Outcome::value);
    }

    private List<Action> actionsOn(GrantView grant) {
        return engine.grantor.operatorAccess().actionsOn(engine.business, grant.grant().id().value());
    }

    private GrantStatus status(GrantView grant) {
        return engine.grantor.grants().get(engine.business, grant.grant().id().value()).get().grant().status();
    }

    @Nested
    class A_change_that_commits {

        @Test
        void has_its_entry() {
            var grant = engine.issue(engine.manualEntitlement());

            assertThat(fulfilledBy(ada, grant, "KEY-AUDIT-0001").isRight()).isTrue();

            assertThat(status(grant)).isEqualTo(GrantStatus.DELIVERED);
            assertThat(actionsOn(grant)).singleElement().satisfies(action -> {
                assertThat(action.actor()).isEqualTo(ada);
                assertThat(action.action()).isEqualTo("fulfilled");
                assertThat(action.detail()).isEqualTo("by hand");
            });
        }

        @Test
        void has_exactly_one_entry_when_sixteen_operators_race_for_it_and_the_losers_have_none() {
            var grant = engine.issue(engine.manualEntitlement());

            var racers = List.range(0, 16).map(n -> operator("op" + n + "@example.com"));

            var outcomes = Race.answers(Race.of(16, n -> fulfilledBy(racers.get(n), grant, "KEY-RACE-" + n)));

            assertThat(outcomes.filter(Either::isRight)).hasSize(1);
            String winner = racers.get(outcomes.indexWhere(Either::isRight));
            assertThat(actionsOn(grant)).singleElement().extracting(Action::actor).isEqualTo(winner);
        }

        @Test
        void of_several_units_has_one_entry_written_with_the_first_of_them() {
            var entitlement = engine.manualEntitlement();
            String id = entitlement.id().value();
            engine.grantor.keyPools().open(engine.business, id, new OpenPool(null)).get();
            var waiting = engine.issue(entitlement);
            var lines = List.of(KeyLine.of(1, "POOL-AUDIT-0001", null, null), KeyLine.of(2, "POOL-AUDIT-0002", null, null));

            var report = engine.grantor.operatorAccess().recorded(engine.business, ada, new Note("imported pooled keys", id, ""),
                    () -> engine.grantor.keyPools().importKeys(engine.business, id, new ImportKeys(lines)));

            assertThat(report.get().value().fulfilledGrants()).as("the import, then a drain unit per waiting grant").isEqualTo(1);
            assertThat(status(waiting)).isEqualTo(GrantStatus.DELIVERED);
            assertThat(engine.grantor.operatorAccess().actionsOn(engine.business, id)).hasSize(1);
        }
    }

    @Nested
    class A_change_that_does_not_commit {

        @Test
        void has_no_entry() {
            var entitlement = engine.manualEntitlement();
            var first = engine.issue(entitlement);
            var second = engine.issue(entitlement);
            assertThat(fulfilledBy(ada, first, "KEY-TAKEN-0001").isRight()).isTrue();

            var refused = fulfilledBy(ada, second, "KEY-TAKEN-0001");

            assertThat(refused.getLeft()).isInstanceOf(GrantorError.LicenseKeyAlreadyExists.class);
            assertThat(actionsOn(second)).isEmpty();
        }

    }

    @Nested
    class A_change_that_changes_nothing {

        private Either<GrantorError, OperatorAccess.Outcome<GrantView>> revokedBy(String actor, GrantView grant) {
            String id = grant.grant().id().value();
            return engine.grantor.operatorAccess().recorded(engine.business, actor, new Note("revoked", id, "reason: manual"),
                    () -> engine.grantor.fulfillment().revoke(engine.business, id, new RevokeGrant(null, "manual")));
        }

        @Test
        void answers_unchanged_and_has_no_entry_while_the_change_before_it_has_one() {
            var grant = engine.issue(engine.manualEntitlement());

            assertThat(revokedBy(ada, grant).get()).isInstanceOf(OperatorAccess.Outcome.Changed.class);
            assertThat(revokedBy(ada, grant).get()).isInstanceOf(OperatorAccess.Outcome.Unchanged.class);

            assertThat(status(grant)).isEqualTo(GrantStatus.REVOKED);
            assertThat(actionsOn(grant)).singleElement().extracting(Action::action).isEqualTo("revoked");
        }

        @Test
        void has_no_entry_when_its_use_case_commits_no_unit() {
            var answer = engine.grantor.operatorAccess().recorded(engine.business, ada, new Note("noted", "grant_nothing", ""),
                    () -> Either.right(true));

            assertThat(answer.get()).isEqualTo(new OperatorAccess.Outcome.Unchanged<>(true));
            assertThat(engine.grantor.operatorAccess().actionsOn(engine.business, "grant_nothing")).isEmpty();
        }

        @Test
        void has_no_entry_when_the_requeue_finds_no_parked_message() {
            var answer = engine.grantor.operatorAccess().recorded(engine.business, ada,
                    new Note("requeued an outbox message", "msg_nothing", ""),
                    () -> Either.right(engine.grantor.outboxAdministration().retry(engine.business, "msg_nothing")));

            assertThat(answer.get()).isEqualTo(new OperatorAccess.Outcome.Unchanged<>(false));
            assertThat(engine.grantor.operatorAccess().actionsOn(engine.business, "msg_nothing")).isEmpty();
        }
    }

    @Nested
    class An_entry_that_cannot_be_written {

        private AuditTrailFailingOnce failing;

        private Grantor engineWithFailingAudit(InMemoryStore store) {
            failing = new AuditTrailFailingOnce(store.auditTrail());
            return Grantor.builder().storage(store).mailer(engine.mailer).eventSink(engine.events).clock(engine.clock)
                    .auditTrail(failing).build();
        }

        @Test
        void takes_the_change_back_with_it() {
            var grantor = engineWithFailingAudit(engine.store);
            var grant = engine.issue(engine.manualEntitlement());
            String id = grant.grant().id().value();
            failing.arm();

            assertThatThrownBy(() -> grantor.operatorAccess().recorded(engine.business, ada, new Note("fulfilled", id, ""),
                    () -> grantor.fulfillment().fulfillLicenseKey(engine.business, id, new FulfillLicenseKey("KEY-LOST-0001", null, null))))
                    .hasMessageContaining("the disk filled up");

            assertThat(status(grant)).as("no change without its record").isEqualTo(GrantStatus.PENDING);
            assertThat(actionsOn(grant)).isEmpty();
            assertThat(engine.outbox()).as("no delivery email either").noneMatch(m -> m.payload().contains("KEY-LOST-0001"));

            assertThat(grantor.operatorAccess().recorded(engine.business, ada, new Note("fulfilled", id, ""),
                    () -> grantor.fulfillment().fulfillLicenseKey(engine.business, id, new FulfillLicenseKey("KEY-LOST-0001", null, null))).isRight())
                    .isTrue();
            assertThat(status(grant)).isEqualTo(GrantStatus.DELIVERED);
            assertThat(actionsOn(grant)).hasSize(1);
        }
    }
}
