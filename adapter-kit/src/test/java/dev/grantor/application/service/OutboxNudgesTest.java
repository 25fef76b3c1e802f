package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.Transactions;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxNudgesTest {

    final InMemoryStore store = new InMemoryStore();
    final AtomicInteger nudged = new AtomicInteger();
    final OutboxNudges nudges = new OutboxNudges(nudged::incrementAndGet);
    final Transactions transactions = nudges.transactions(store.transactions());
    final Outbox outbox = nudges.outbox(store.outbox());

    OutboxMessage event() {
        return OutboxMessage.fresh(ContractFixtures.id("evt_"), ContractFixtures.business().id(), Kind.EVENT,
                "entitlement_grant.created", "{}", ContractFixtures.T0);
    }

    @Nested
    class A_unit_that_appended {

        @Test
        void nudges_the_relay_once_after_it_committed() {
            transactions.write(() -> {
                outbox.append(List.of(event()));
                outbox.append(List.of(event()));
                assertThat(nudged).as("not before the commit").hasValue(0);
                return Either.right("done");
            });

            assertThat(nudged).hasValue(1);
        }

        @Test
        void nudges_nothing_when_it_rolled_back_with_a_left() {
            transactions.write(() -> {
                outbox.append(List.of(event()));
                return Either.left("refused");
            });

            assertThat(nudged).hasValue(0);
            assertThat(store.outboxMessages()).isEmpty();
        }

        @Test
        void nudges_nothing_when_it_failed() {
            assertThatThrownBy(() -> transactions.write(() -> {
                outbox.append(List.of(event()));
                throw new IllegalStateException("lost the database");
            })).isInstanceOf(IllegalStateException.class);

            assertThat(nudged).hasValue(0);
        }

        @Test
        void nested_in_another_unit_nudges_once_when_the_outer_one_commits() {
            transactions.write(() -> {
                transactions.write(() -> {
                    outbox.append(List.of(event()));
                    return Either.right("inner");
                });
                assertThat(nudged).as("the inner unit joined the outer one").hasValue(0);
                return Either.right("outer");
            });

            assertThat(nudged).hasValue(1);
        }
    }

    @Nested
    class A_unit_that_appended_nothing {

        @Test
        void nudges_nothing() {
            transactions.write(() -> {
                outbox.append(List.empty());
                return Either.right("nothing to send");
            });

            assertThat(nudged).hasValue(0);
        }

        @Test
        void after_one_that_did_starts_afresh() {
            transactions.write(() -> {
                outbox.append(List.of(event()));
                return Either.right("sent");
            });
            transactions.write(() -> Either.right("quiet"));

            assertThat(nudged).hasValue(1);
        }
    }

    @Test
    void an_operator_retry_of_a_parked_message_nudges_the_relay() {
        var message = event();
        store.outbox().append(List.of(message));
        store.outbox().park(message.id(), 5, "gave up", ContractFixtures.T0);

        assertThat(outbox.requeue(message.id(), ContractFixtures.T0)).isTrue();
        assertThat(outbox.requeue("evt_000000000000000000000", ContractFixtures.T0)).isFalse();

        assertThat(nudged).hasValue(1);
    }
}
