package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import dev.grantor.application.port.in.Older;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.SeenContact;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.OperatorAccess.Action;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Whoever changes a customer (the console, the API, the host application, an issue naming its new address), the use
 * case writes one entry saying who and what, in the unit of the change: a refused change writes none, a change that
 * changes nothing writes none, and an entry that cannot be written takes the change back.
 */
class CustomerHistoryTest {

    private final EngineFixture engine = new EngineFixture();
    private final CustomerManagement customers = engine.grantor.customers();
    private final Actor key = new Actor.ApiKey("key_0123456789abcdefghijK");

    /** Entries of one instant are ordered by their random ids: each step here is its own moment. */
    private void tick() {
        engine.clock.advance(Duration.ofMillis(1));
    }

    private String created(String email) {
        tick();
        return customers.create(engine.business, new CreateCustomer(email, "Ada", null, null), key).get().customer().id().value();
    }

    private List<String> history(String customer) {
        return engine.grantor.operatorAccess().actionsOn(engine.business, customer)
                .map(a -> a.actor() + " " + a.action() + ": " + a.detail());
    }

    private static UpdateCustomer email(String email) {
        return new UpdateCustomer(email, null, null, false, null);
    }

    @Nested
    class Through_the_API {

        @Test
        void a_creation_and_each_change_name_the_key_and_the_parts_that_changed() {
            String customer = created("ada@example.com");

            tick();
            customers.update(engine.business, customer, email("ada@new.example"), key).get();
            tick();
            customers.update(engine.business, customer, new UpdateCustomer(null, "Ada L", "+1 415 555 0100", false,
                    Map.of("plan", "pro")), key).get();
            tick();
            customers.update(engine.business, customer, new UpdateCustomer(null, " ", null, true, null), key).get();

            assertThat(history(customer)).containsExactly(
                    "api_key:key_0123456789abcdefghijK created the customer: email ada@example.com",
                    "api_key:key_0123456789abcdefghijK changed the customer: email ada@example.com → ada@new.example",
                    "api_key:key_0123456789abcdefghijK changed the customer: name, phone number, metadata",
                    "api_key:key_0123456789abcdefghijK changed the customer: name removed, phone number removed");
        }

        @Test
        void a_create_of_an_existing_email_and_a_change_to_what_is_stored_write_nothing() {
            String customer = created("ada@example.com");

            assertThat(customers.create(engine.business, new CreateCustomer("ADA@example.com", null, null, null), key)
                    .get().created()).isFalse();
            customers.update(engine.business, customer, new UpdateCustomer("ada@example.com", "Ada", null, false, null), key).get();

            assertThat(history(customer)).hasSize(1);
        }

        @Test
        void a_refused_change_writes_nothing() {
            String customer = created("ada@example.com");
            created("bob@example.com");

            var taken = customers.update(engine.business, customer, new UpdateCustomer("bob@example.com", "Ada B", null, false, null), key);
            var malformed = customers.update(engine.business, customer, email("not an address"), key);
            var stale = customers.update(engine.business, customer, email("ada@new.example"),
                    new SeenContact("someone@else.example", "Ada", ""), key);

            assertThat(List.of(taken, malformed, stale).map(r -> r.getLeft().code())).containsOnly(ErrorCode.VALIDATION_FAILED);
            assertThat(customers.get(engine.business, customer).get().email().value()).isEqualTo("ada@example.com");
            assertThat(history(customer)).hasSize(1);
        }
    }

    @Test
    void the_host_application_calling_the_facade_is_named_as_such() {
        String customer = customers.create(engine.business, new CreateCustomer("ada@example.com", null, null, null)).get()
                .customer().id().value();
        tick();

        customers.update(engine.business, customer, email("ada@new.example")).get();

        assertThat(history(customer)).containsExactly("host created the customer: email ada@example.com",
                "host changed the customer: email ada@example.com → ada@new.example");
    }

    @Test
    void an_issue_that_moves_a_known_customer_s_email_is_a_change_by_its_caller_and_a_new_customer_s_issue_writes_none() {
        var entitlement = engine.manualEntitlement().id().value();
        var first = engine.grantor.issuing().issue(engine.business, entitlement,
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), "pay_1", null, null), key).get();
        String customer = first.grant().grant().customerId().value();

        engine.grantor.issuing().issue(engine.business, entitlement,
                new IssueGrant(new CustomerContact(customer, "ada@moved.example", null), "pay_2", null, null), key).get();
        engine.grantor.issuing().issue(engine.business, entitlement,
                new IssueGrant(new CustomerContact(customer, "ada@moved.example", null), "pay_3", null, null), key).get();

        assertThat(history(customer)).containsExactly(
                "api_key:key_0123456789abcdefghijK changed the customer: email ada@example.com → ada@moved.example");
    }

    @Test
    void an_entry_that_cannot_be_written_takes_the_change_back() {
        var failing = new AuditTrailFailingOnce(engine.store.auditTrail());
        var withFailures = Grantor.builder().storage(EngineFixture.storage(engine.store)).mailer(engine.mailer)
                .eventSink(engine.events).clock(engine.clock).auditTrail(failing).build().customers();
        String customer = created("ada@example.com");

        failing.arm();
        assertThatThrownBy(() -> withFailures.update(engine.business, customer, email("ada@new.example"), key))
                .hasMessageContaining("the disk filled up");

        assertThat(customers.get(engine.business, customer).get().email().value()).isEqualTo("ada@example.com");
        assertThat(history(customer)).hasSize(1);
    }

    @Nested
    class In_the_console {

        private final OperatorAccess access = engine.grantor.operatorAccess();

        @Test
        void an_operator_s_change_is_its_own_entry_and_a_viewer_s_is_refused_with_nothing_written() {
            String customer = created("ada@example.com");
            String ada = access.add(engine.business, "ops@example.com").get().id();
            String vic = access.add(engine.business, "vic@example.com", Option.some(dev.grantor.application.port.in.OperatorAccess.Role.VIEWER))
                    .get().id();
            tick();

            var byViewer = access.allowed(engine.business, vic,
                    () -> customers.update(engine.business, customer, email("vic@example.net"), Actor.of(vic)));
            var byOperator = access.allowed(engine.business, ada,
                    () -> customers.update(engine.business, customer, email("ada@new.example"), Actor.of(ada)));

            assertThat(byViewer.getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(byOperator.isRight()).isTrue();
            assertThat(history(customer)).containsExactly(
                    "api_key:key_0123456789abcdefghijK created the customer: email ada@example.com",
                    ada + " changed the customer: email ada@example.com → ada@new.example");
        }

        /** The role is asked again inside the change's unit: a demotion committed meanwhile refuses it, nothing written. */
        @Test
        void a_demotion_committed_while_the_change_runs_refuses_it_and_writes_neither_change_nor_entry() {
            String customer = created("ada@example.com");
            String ada = access.add(engine.business, "ops@example.com").get().id();
            tick();

            var answer = access.allowed(engine.business, ada, () -> {
                java.util.concurrent.CompletableFuture.runAsync(() -> access.changeRole(engine.business, ada,
                        dev.grantor.application.port.in.OperatorAccess.Role.VIEWER).get()).join();
                return customers.update(engine.business, customer, email("ada@new.example"), Actor.of(ada));
            });

            assertThat(answer.getLeft().code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(customers.get(engine.business, customer).get().email().value()).isEqualTo("ada@example.com");
            assertThat(history(customer)).hasSize(1);
        }

        /** Thirty entries read 25 at a time: every one once, newest first, where the page ends among three of one time. */
        @Test
        void the_history_comes_a_page_at_a_time_newest_first_from_where_the_last_page_ended() {
            String customer = created("n0@example.com");
            for (int n = 1; n < 30; n++) {
                if (n % 3 == 0) {
                    engine.clock.advance(Duration.ofSeconds(1));
                }
                customers.update(engine.business, customer, email("n" + n + "@example.com"), key).get();
            }

            var first = access.history(engine.business, customer, Option.none(), 25).get();
            var second = access.history(engine.business, customer, first.older(), 25).get();

            assertThat(first.actions()).hasSize(25);
            assertThat(first.older()).hasSize(1);
            assertThat(second.actions()).hasSize(5);
            assertThat(second.older()).isEmpty();
            var all = first.actions().appendAll(second.actions()).map(Action::detail);
            assertThat(all).isEqualTo(history(customer).reverse().map(line -> line.substring(line.indexOf(": ") + 2)));
            assertThat(all.distinct()).as("the page ends inside three entries of one time, and none repeats").hasSize(30);
            assertThat(Older.parse(first.older().get().token())).contains(first.older().get());
            assertThat(Older.parse("2026-11-27T10:15:30Z~aud 1").isLeft()).isTrue();
            assertThat(Older.parse("yesterday~aud_1~25").isLeft()).isTrue();
            assertThat(first.older().get().shown()).as("the next page numbers on from the first's 25").isEqualTo(25);
            assertThat(Older.parse("2026-11-27T10:15:30Z~aud_1").isLeft()).as("without the count shown").isTrue();
            assertThat(Older.parse("2026-11-27T10:15:30Z~aud_1~0").isLeft()).isTrue();
            assertThat(access.history(engine.business, customer, Option.none(), 0).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
    }

    /** One text column, four kinds: each reads back as itself, and no operator id can be spelled as another kind. */
    @Test
    void an_actor_reads_back_as_what_was_written_and_an_operator_id_cannot_pose_as_a_key() {
        for (Actor actor : List.of(new Actor.Owner(), new Actor.Host(), new Actor.ApiKey("key_1"), new Actor.Operator("op_1"))) {
            assertThat(Actor.of(actor.recorded())).isEqualTo(actor);
        }
        assertThat(Actor.of("key_1")).as("a bare key id, as no writer stores one, is an operator's").isEqualTo(new Actor.Operator("key_1"));
        assertThatThrownBy(() -> new Actor.Operator("api_key:key_1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Actor.Operator("owner")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Actor.Operator("host")).isInstanceOf(IllegalArgumentException.class);
    }
}
