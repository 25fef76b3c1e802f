package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.OutboxAdministration.About;
import dev.grantor.application.port.in.OutboxAdministration.Message;
import dev.grantor.application.port.in.OutboxAdministration.Message.Kind;
import dev.grantor.application.port.in.OutboxAdministration.Message.Status;
import dev.grantor.application.port.out.OutboxMessage;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The operator's listings answer the primary ports' own records, mapped from the store's rows field by field: what the
 * command line's {@code outbox list} and {@code businesses list} print, and never a message's payload.
 */
class OperatorListingsTest {

    private final EngineFixture engine = new EngineFixture();
    private final Instant at = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void pending_and_parked_messages_are_listed_with_their_state_newest_first() {
        var event = OutboxMessage.fresh("evt_1", engine.business, OutboxMessage.Kind.EVENT, "entitlement_grant.created", "{}", at);
        var email = OutboxMessage.fresh("msg_2", engine.business, OutboxMessage.Kind.EMAIL, "license_key.delivered",
                "{\"key\":\"ACME-SECRET\"}", at.plusSeconds(1));
        var later = OutboxMessage.fresh("evt_3", engine.business, OutboxMessage.Kind.EVENT, "entitlement_grant.revoked", "{}",
                at.plusSeconds(2));
        engine.store.transactions().write(() -> {
            engine.store.outbox().append(List.of(event, email, later));
            return Either.right(true);
        });
        engine.store.outbox().reschedule(event.claim(), 2, at.plusSeconds(60), "timed out");
        engine.store.outbox().park(email.claim(), 10, "550 no such user", at.plusSeconds(70));

        var administration = engine.grantor.outboxAdministration();
        assertThat(administration.pending(0, 100)).containsExactly(
                new Message("evt_3", engine.business, Kind.EVENT, "entitlement_grant.revoked", at.plusSeconds(2), 0, at.plusSeconds(2),
                        Status.PENDING, Option.none()),
                new Message("evt_1", engine.business, Kind.EVENT, "entitlement_grant.created", at, 2, at.plusSeconds(60),
                        Status.PENDING, Option.some("timed out")));
        assertThat(administration.parked(0, 100)).containsExactly(
                new Message("msg_2", engine.business, Kind.EMAIL, "license_key.delivered", at.plusSeconds(1), 10,
                        engine.store.outbox().find("msg_2").get().nextAttemptAt(), Status.PARKED, Option.some("550 no such user")));
        assertThat(administration.pending(1, 1)).extracting(Message::id).containsExactly("evt_1");
    }

    /** What an operator's send-now or requeue is filed under: the grant the stored row names, of the asking business only. */
    @Test
    void a_message_is_about_the_grant_its_row_names_for_its_own_business_only() {
        var grant = new dev.grantor.domain.shared.GrantId(dev.grantor.application.contract.ContractFixtures.id(
                dev.grantor.domain.shared.GrantId.PREFIX));
        var email = OutboxMessage.fresh("msg_4", engine.business, OutboxMessage.Kind.EMAIL, "license_key.delivered", "{}", at)
                .about(Option.some(grant));
        var signIn = OutboxMessage.fresh("msg_5", engine.business, OutboxMessage.Kind.EMAIL, "portal.sign_in", "{}", at);
        var event = OutboxMessage.fresh("evt_6", engine.business, OutboxMessage.Kind.EVENT, "entitlement_grant.created", "{}", at)
                .about(Option.some(grant));
        engine.store.transactions().write(() -> {
            engine.store.outbox().append(List.of(email, signIn, event));
            return Either.right(true);
        });
        var other = new dev.grantor.domain.shared.BusinessId(dev.grantor.application.contract.ContractFixtures.id(
                dev.grantor.domain.shared.BusinessId.PREFIX));

        var administration = engine.grantor.outboxAdministration();
        assertThat(administration.about(engine.business, "msg_4")).contains(new About(Kind.EMAIL, Option.some(grant)));
        assertThat(administration.about(engine.business, "msg_5")).contains(new About(Kind.EMAIL, Option.none()));
        assertThat(administration.about(engine.business, "evt_6")).contains(new About(Kind.EVENT, Option.some(grant)));
        assertThat(administration.about(other, "msg_4")).as("another business's message").isEmpty();
        assertThat(administration.about(engine.business, "msg_0")).isEmpty();
        assertThat(administration.about(engine.business, null)).isEmpty();
    }

    @Test
    void a_new_business_is_listed_as_it_was_answered() {
        engine.clock.advance(Duration.ofSeconds(1)); // after the fixture's own business: the list is oldest first
        var created = engine.grantor.access().createBusiness("Bolt Works").get();
        var row = engine.store.businesses().find(created.id()).get();

        assertThat(created).isEqualTo(new Access.Business(row.id(), "Bolt Works", row.defaultBrandId(), row.createdAt()));
        assertThat(engine.grantor.accessAdministration().businesses()).last().isEqualTo(created);
    }
}
