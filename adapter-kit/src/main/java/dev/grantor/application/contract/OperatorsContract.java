package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Operators.Operator;
import dev.grantor.application.port.out.Operators.Role;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** {@code Operators} and {@code AuditTrail}: an email once per business, found across businesses; actions by subject. */
public abstract class OperatorsContract extends PortContract {

    @Test
    void an_operator_is_found_by_business_and_id_listed_oldest_first_and_found_by_email_across_businesses() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var ada = operator(a, "ada@example.com", 2);
        var bob = operator(a, "bob@example.com", 1);
        var adaAtB = operator(b, "ada@example.com", 3);
        inUnit(() -> {
            store.operators().insert(ada);
            store.operators().insert(bob);
            store.operators().insert(adaAtB);
        });

        assertThat(reading(() -> store.operators().find(a, ada.id()))).contains(ada);
        assertThat(reading(() -> store.operators().find(b, ada.id()))).as("another business").isEmpty();
        assertThat(reading(() -> store.operators().list(a))).containsExactly(bob, ada);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ada@example.com")))).containsExactly(ada, adaAtB);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("eve@example.com")))).isEmpty();
    }

    /** As customers are matched: by {@link EmailAddress#matchKey()}, the engine's case folding, not the database's. */
    @Test
    void an_operator_is_found_by_email_whatever_its_case() {
        var a = ContractFixtures.business().id();
        var ada = operator(a, "Ada.Ops@Ärzte.example", 1);
        inUnit(() -> store.operators().insert(ada));

        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ada.ops@ärzte.EXAMPLE")))).containsExactly(ada);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ADA.OPS@ÄRZTE.example")))).containsExactly(ada);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ada.ops@arzte.example")))).isEmpty();
    }

    @Test
    void an_email_is_an_operator_once_per_business() {
        var a = ContractFixtures.business().id();
        inUnit(() -> store.operators().insert(operator(a, "ada@example.com", 1)));

        assertThatThrownBy(() -> inUnit(() -> store.operators().insert(operator(a, "ada@example.com", 2))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.OPERATOR_EMAIL));
        assertThat(reading(() -> store.operators().list(a))).hasSize(1);
    }

    /** A removed operator stays findable, for history, but is no longer anyone's to sign in as. */
    @Test
    void a_removed_operator_is_still_found_and_listed_but_not_by_email_until_given_back() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var ada = operator(a, "Ada@example.com", 1);
        var adaAtB = operator(b, "ada@example.com", 2);
        inUnit(() -> {
            store.operators().insert(ada);
            store.operators().insert(adaAtB);
        });

        assertThat(write(() -> store.operators().markRemoved(a, ada.id(), Option.some(at(5))))).isTrue();

        var removed = ada.withRemovedAt(Option.some(at(5)));
        assertThat(reading(() -> store.operators().find(a, ada.id()))).contains(removed);
        assertThat(reading(() -> store.operators().list(a))).containsExactly(removed);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ada@example.com")))).containsExactly(adaAtB);
        assertThat(write(() -> store.operators().markRemoved(b, ada.id(), Option.some(at(6))))).as("another business's id")
                .isFalse();
        assertThat(write(() -> store.operators().markRemoved(a, "op_nobody", Option.some(at(6))))).isFalse();

        assertThat(write(() -> store.operators().markRemoved(a, ada.id(), Option.none()))).isTrue();

        assertThat(reading(() -> store.operators().find(a, ada.id()))).contains(ada);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("ADA@example.com")))).containsExactly(ada, adaAtB);
    }

    /** A role is kept as inserted and changed only for the named operator of its own business; removal keeps it. */
    @Test
    void a_role_is_stored_changed_and_kept_through_a_removal() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var ada = operator(a, "ada@example.com", 1);
        var vic = operator(a, "vic@example.com", 2).withRole(Role.VIEWER);
        inUnit(() -> {
            store.operators().insert(ada);
            store.operators().insert(vic);
        });

        assertThat(reading(() -> store.operators().find(a, vic.id())).map(Operator::role)).contains(Role.VIEWER);
        assertThat(reading(() -> store.operators().find(a, ada.id())).map(Operator::role)).contains(Role.OPERATOR);

        assertThat(write(() -> store.operators().changeRole(a, ada.id(), Role.VIEWER))).isTrue();
        assertThat(write(() -> store.operators().changeRole(b, vic.id(), Role.OPERATOR))).as("another business's id").isFalse();
        assertThat(write(() -> store.operators().changeRole(a, "op_nobody", Role.OPERATOR))).isFalse();
        assertThat(write(() -> store.operators().markRemoved(a, ada.id(), Option.some(at(5))))).isTrue();

        assertThat(reading(() -> store.operators().list(a))).containsExactly(
                ada.withRole(Role.VIEWER).withRemovedAt(Option.some(at(5))), vic);
        assertThat(reading(() -> store.operators().withEmail(new EmailAddress("vic@example.com")))).containsExactly(vic);
    }

    /**
     * A unit that acted under the role it read commits before a change of that role, never after: the change waits.
     * Without the hold, the demotion would commit while the unit still believed the operator might act.
     */
    @Test
    void a_role_change_waits_for_a_unit_holding_the_operator_and_another_business_s_id_is_not_held() throws Exception {
        var a = ContractFixtures.business().id();
        var ada = operator(a, "ada@example.com", 1);
        inUnit(() -> store.operators().insert(ada));
        assertThat(write(() -> store.operators().hold(ContractFixtures.business().id(), ada.id()))).isEmpty();

        var held = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        // Threads of their own: the common pool may have one, and the demotion would wait for it, not for the row.
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        var holder = java.util.concurrent.CompletableFuture.supplyAsync(() -> write(() -> {
            var role = store.operators().hold(a, ada.id()).map(Operator::role);
            held.countDown();
            awaitQuietly(release);
            return role;
        }), threads);
        assertThat(held.await(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        var demotion = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> write(() -> store.operators().changeRole(a, ada.id(), Role.VIEWER)), threads);

        Thread.sleep(300);
        assertThat(demotion).as("the demotion waits while the unit holds the operator").isNotDone();
        release.countDown();

        assertThat(holder.get(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).contains(Role.OPERATOR);
        assertThat(demotion.get(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(reading(() -> store.operators().find(a, ada.id())).map(Operator::role)).contains(Role.VIEWER);
        threads.shutdown();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(RACE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_actions_on_a_subject_come_back_oldest_first_and_only_the_business_s_own() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var later = new AuditEntry(ContractFixtures.id("aud"), a, "op_1", "revoked", "grant_1", "reason: refund", at(9));
        var earlier = new AuditEntry(ContractFixtures.id("aud"), a, "owner", "fulfilled", "grant_1", "", at(3));
        var otherBusiness = new AuditEntry(ContractFixtures.id("aud"), b, "op_2", "fulfilled", "grant_1", "", at(1));
        var otherSubject = new AuditEntry(ContractFixtures.id("aud"), a, "op_1", "fulfilled", "grant_2", "", at(1));
        inUnit(() -> {
            store.auditTrail().append(later);
            store.auditTrail().append(earlier);
            store.auditTrail().append(otherBusiness);
            store.auditTrail().append(otherSubject);
        });

        assertThat(reading(() -> store.auditTrail().about(a, "grant_1"))).containsExactly(earlier, later);
    }

    /**
     * Newest first, ties by id, a page at a time from where the last one ended (its oldest entry's time and id), so a
     * page boundary inside a tie in time loses and repeats nothing; other subjects and another business's entries never
     * in it.
     */
    @Test
    void the_latest_actions_on_a_set_of_subjects_come_newest_first_a_page_after_another_from_where_the_last_ended() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var tied = List.of(ContractFixtures.id("aud"), ContractFixtures.id("aud")).sorted();
        var first = new AuditEntry(ContractFixtures.id("aud"), a, "owner", "added an operator", "op_ada", "role operator", at(1));
        var tieLow = new AuditEntry(tied.get(0), a, "owner", "added an operator", "op_bob", "role viewer", at(5));
        var tieHigh = new AuditEntry(tied.get(1), a, "owner", "changed an operator's role", "op_ada", "from operator to viewer", at(5));
        var last = new AuditEntry(ContractFixtures.id("aud"), a, "owner", "removed an operator", "op_bob", "role viewer", at(9));
        var otherSubject = new AuditEntry(ContractFixtures.id("aud"), a, "op_ada", "fulfilled", "grant_1", "", at(7));
        var otherBusiness = new AuditEntry(ContractFixtures.id("aud"), b, "owner", "added an operator", "op_ada", "", at(8));
        inUnit(() -> List.of(tieLow, otherSubject, last, first, otherBusiness, tieHigh).forEach(store.auditTrail()::append));
        var operators = HashSet.of("op_ada", "op_bob");

        var trail = store.auditTrail();
        assertThat(reading(() -> trail.latestAbout(a, operators, Option.none(), 10))).containsExactly(last, tieHigh, tieLow, first);
        var firstPage = reading(() -> trail.latestAbout(a, operators, Option.none(), 2));
        assertThat(firstPage).as("a page ending inside the tie").containsExactly(last, tieHigh);
        var secondPage = reading(() -> trail.latestAbout(a, operators, Option.some(new Before(firstPage.last().at(), firstPage.last().id())), 2));
        assertThat(secondPage).containsExactly(tieLow, first);
        assertThat(reading(() -> trail.latestAbout(a, operators, Option.some(new Before(first.at(), first.id())), 2))).isEmpty();
        assertThat(reading(() -> trail.latestAbout(a, operators, Option.some(new Before(last.at(), last.id())), 1)))
                .as("past a position, whatever its subject").containsExactly(tieHigh);
        assertThat(reading(() -> trail.latestAbout(a, HashSet.of("op_bob"), Option.none(), 10))).containsExactly(last, tieLow);
        assertThat(reading(() -> trail.latestAbout(a, HashSet.of("op_bob"), Option.some(new Before(tieHigh.at(), tieHigh.id())), 10)))
                .as("past another subject's entry").containsExactly(tieLow);
        assertThat(reading(() -> trail.latestAbout(a, HashSet.empty(), Option.none(), 10))).isEmpty();
        assertThat(reading(() -> trail.latestAbout(b, operators, Option.none(), 10))).containsExactly(otherBusiness);
    }

    /**
     * One subject's history newest first, ties by id, a page at a time from where the last one ended (its oldest entry's
     * time and id), as an older-entries link asks: every entry once, however the pages fall across a tie in time.
     */
    @Test
    void a_subject_s_history_comes_newest_first_a_page_after_another_from_where_the_last_ended() {
        var a = ContractFixtures.business().id();
        var b = ContractFixtures.business().id();
        var tied = List.of(ContractFixtures.id("aud"), ContractFixtures.id("aud"), ContractFixtures.id("aud")).sorted();
        var first = new AuditEntry(ContractFixtures.id("aud"), a, "op_1", "changed the customer", "cus_1", "name", at(1));
        var tieLow = new AuditEntry(tied.get(0), a, "api_key:key_1", "changed the customer", "cus_1", "phone number", at(5));
        var tieMid = new AuditEntry(tied.get(1), a, "host", "changed the customer", "cus_1", "name removed", at(5));
        var tieHigh = new AuditEntry(tied.get(2), a, "owner", "changed the customer", "cus_1", "email a@x.io → b@x.io", at(5));
        var last = new AuditEntry(ContractFixtures.id("aud"), a, "op_1", "changed the customer", "cus_1", "name", at(9));
        var otherSubject = new AuditEntry(ContractFixtures.id("aud"), a, "op_1", "changed the customer", "cus_2", "name", at(7));
        var otherBusiness = new AuditEntry(ContractFixtures.id("aud"), b, "op_1", "changed the customer", "cus_1", "name", at(8));
        inUnit(() -> List.of(tieMid, otherSubject, last, first, otherBusiness, tieHigh, tieLow).forEach(store.auditTrail()::append));

        var trail = store.auditTrail();
        assertThat(reading(() -> trail.latestAbout(a, "cus_1", Option.none(), 10)))
                .containsExactly(last, tieHigh, tieMid, tieLow, first);
        var firstPage = reading(() -> trail.latestAbout(a, "cus_1", Option.none(), 2));
        assertThat(firstPage).containsExactly(last, tieHigh);
        var secondPage = reading(() -> trail.latestAbout(a, "cus_1", Option.some(new Before(firstPage.last().at(), firstPage.last().id())), 2));
        assertThat(secondPage).containsExactly(tieMid, tieLow);
        assertThat(reading(() -> trail.latestAbout(a, "cus_1", Option.some(new Before(secondPage.last().at(), secondPage.last().id())), 2)))
                .containsExactly(first);
        assertThat(reading(() -> trail.latestAbout(a, "cus_1", Option.some(new Before(first.at(), first.id())), 2))).isEmpty();
        assertThat(reading(() -> trail.latestAbout(b, "cus_1", Option.none(), 10))).containsExactly(otherBusiness);
        assertThat(reading(() -> trail.latestAbout(a, "cus_3", Option.none(), 10))).isEmpty();
    }

    private <T> T write(java.util.function.Supplier<T> work) {
        return store.transactions().write(() -> Either.<RuntimeException, T>right(work.get())).get();
    }

    private static Operator operator(BusinessId business, String email, long second) {
        return new Operator(ContractFixtures.id("op"), business, new EmailAddress(email), at(second));
    }
}
