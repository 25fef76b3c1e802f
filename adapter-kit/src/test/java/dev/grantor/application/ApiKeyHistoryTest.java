package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.in.Actor;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * An API key's life in the audit trail: made, renamed, revoked, each an entry of the change's own unit by the actor the
 * caller names (the host's when none), read back as the Team page reads access changes; and two live keys of one
 * business never share a name.
 */
class ApiKeyHistoryTest {

    private final EngineFixture engine = new EngineFixture();
    private final Grantor grantor = engine.grantor;
    private final Actor owner = new Actor.Owner();

    private void tick() {
        engine.clock.advance(Duration.ofMillis(1));
    }

    private String created(String name, boolean readOnly, Actor by) {
        tick();
        return grantor.access().createApiKey(engine.business, readOnly, Option.of(name), by).get().id();
    }

    /** Newest first, as the Team page lists them: actor, action, key, detail. */
    private List<String> changes() {
        return grantor.operatorAccess().accessChanges(engine.business, Option.none(), 100).get().changes()
                .filter(change -> change.subject().startsWith("key_"))
                .map(change -> change.actor() + " " + change.action() + " " + change.subject() + ": " + change.detail());
    }

    @Nested
    class Entries {

        @Test
        void made_renamed_unnamed_and_revoked_each_write_one_entry_by_the_named_actor_revoking_again_writes_none() {
            String billing = created("billing", true, owner);
            tick();
            grantor.accessAdministration().rename(billing, Option.some("billing-old"), owner).get();
            tick();
            grantor.accessAdministration().rename(billing, Option.none(), owner).get();
            tick();
            grantor.accessAdministration().revoke(billing, owner).get();
            tick();
            var again = grantor.accessAdministration().revoke(billing, owner);

            assertThat(again.isRight()).as("revoking twice answers the key").isTrue();
            assertThat(changes()).containsExactly(
                    "owner revoked an API key " + billing + ": read-only",
                    "owner renamed an API key " + billing + ": “billing-old” → no name",
                    "owner renamed an API key " + billing + ": “billing” → “billing-old”",
                    "owner created an API key " + billing + ": read-only, named “billing”");
        }

        @Test
        void a_host_s_calls_that_name_no_actor_are_the_host_s_and_a_rename_to_the_same_name_writes_nothing() {
            tick();
            String store = grantor.access().createApiKey(engine.business, false, Option.some("store")).get().id();
            tick();
            grantor.accessAdministration().rename(store, Option.some("store")).get();
            tick();
            grantor.accessAdministration().rename(store, Option.some("Store")).get();
            tick();
            assertThat(grantor.access().revokeApiKey(engine.business, store).get()).isTrue();
            tick();
            assertThat(grantor.access().revokeApiKey(engine.business, store).get()).as("already revoked").isTrue();

            assertThat(changes()).containsExactly(
                    "host revoked an API key " + store + ": read-write, named “Store”",
                    "host renamed an API key " + store + ": “store” → “Store”",
                    "host created an API key " + store + ": read-write, named “store”");
        }

        @Test
        void the_page_names_each_key_with_its_present_name_and_another_business_s_keys_never_show() {
            String billing = created("billing", false, owner);
            var other = grantor.access().createBusiness("Other").get().id();
            grantor.access().createApiKey(other, false, Option.some("billing"), owner).get();

            var history = grantor.operatorAccess().accessChanges(engine.business, Option.none(), 100).get();

            assertThat(history.apiKeys()).extracting(key -> key.id() + " " + key.name().getOrElse("-"))
                    .containsExactly(billing + " billing");
            assertThat(history.changes()).singleElement().satisfies(change -> assertThat(change.subject()).isEqualTo(billing));
        }

        @Test
        void an_entry_that_cannot_be_written_takes_the_creation_the_rename_and_the_revocation_back() {
            var failing = new AuditTrailFailingOnce(engine.store.auditTrail());
            var withFailures = Grantor.builder().storage(EngineFixture.storage(engine.store)).mailer(engine.mailer)
                    .eventSink(engine.events).clock(engine.clock).auditTrail(failing).build();
            String billing = created("billing", false, owner);

            failing.arm();
            assertThatThrownBy(() -> withFailures.access().createApiKey(engine.business, false, Option.some("store"), owner))
                    .hasMessageContaining("the disk filled up");
            failing.arm();
            assertThatThrownBy(() -> withFailures.accessAdministration().rename(billing, Option.some("billing-old"), owner))
                    .hasMessageContaining("the disk filled up");
            failing.arm();
            assertThatThrownBy(() -> withFailures.accessAdministration().revoke(billing, owner))
                    .hasMessageContaining("the disk filled up");

            var keys = grantor.accessAdministration().apiKeys(engine.business).get();
            assertThat(keys).singleElement().satisfies(key -> {
                assertThat(key.name()).contains("billing");
                assertThat(key.revokedAt()).isEmpty();
            });
            assertThat(changes()).hasSize(1);
        }
    }

    @Nested
    class Unique_names {

        @Test
        void a_live_key_s_name_in_any_case_is_refused_to_a_new_key_and_to_a_rename_with_its_code_and_nothing_written() {
            String billing = created("billing", false, owner);
            String store = created("store", false, owner);
            int before = changes().size();

            var made = grantor.access().createApiKey(engine.business, false, Option.some("  BILLING "), owner);
            var renamed = grantor.accessAdministration().rename(store, Option.some("Billing"), owner);

            assertThat(made.getLeft()).as("the holder as it is named").isEqualTo(new GrantorError.ApiKeyNameTaken("billing", billing));
            assertThat(made.getLeft().code()).isEqualTo(ErrorCode.API_KEY_NAME_TAKEN);
            assertThat(made.getLeft().message()).contains(billing).contains("“billing”");
            assertThat(renamed.getLeft().code()).isEqualTo(ErrorCode.API_KEY_NAME_TAKEN);
            assertThat(grantor.accessAdministration().apiKeys(engine.business).get()).hasSize(2)
                    .extracting(key -> key.name().get()).containsExactly("billing", "store");
            assertThat(changes()).hasSize(before);
        }

        @Test
        void a_key_takes_its_own_name_in_another_case_another_business_the_same_name_and_a_revoked_key_s_name_is_free() {
            String billing = created("billing", false, owner);
            var other = grantor.access().createBusiness("Other").get().id();

            assertThat(grantor.accessAdministration().rename(billing, Option.some("Billing"), owner).isRight()).isTrue();
            assertThat(grantor.access().createApiKey(other, false, Option.some("billing"), owner).isRight()).isTrue();
            grantor.accessAdministration().revoke(billing, owner).get();
            String next = created("billing", false, owner);

            assertThat(next).isNotEqualTo(billing);
            assertThat(grantor.accessAdministration().rename(billing, Option.some("BILLING"), owner).isRight())
                    .as("a revoked key holds no name against live ones, and takes any").isTrue();
        }
    }
}
