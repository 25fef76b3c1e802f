package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Either;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A metadata value given to the facade as a host gives it, on every use case that writes metadata (a customer created
 * and changed, a grant issued, an entitlement created and changed): one rule, one refusal at the value's key, and
 * nothing written when it fails. A note over lines in any script is kept as given.
 */
class MetadataValuesTest {

    private final EngineFixture engine = new EngineFixture();

    /** Refused: C0 and C1 controls but line breaks and tabs, DEL, a lone surrogate, bidi embeddings, overrides and isolates. */
    private static final List<String> REFUSED = List.of("\u0000", "\u0007", "\u0008", "\u001B", "\u007F", "\u0085", "\u009B",
            "\uD800", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069");
    /** Kept: line breaks and tabs, the direction marks, joiners, accents, other scripts, emoji. */
    private static final List<String> KEPT = List.of("\n", "\r\n", "\t", "\u200E", "\u200F", "\u061C", "\u200D", "\u200C",
            "e\u0301", "鍵", "מפתח", "مفتاح", "\uD83D\uDD11");

    static List<InsertedCharacter> draws() {
        return InsertedCharacter.draws(60, 38L, KEPT, REFUSED);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void every_use_case_that_writes_metadata_holds_a_value_to_the_one_rule(InsertedCharacter draw) {
        Map<String, Object> metadata = Map.of("note", draw.text());
        var known = engine.grantor.customers().create(engine.business,
                new CreateCustomer("known@example.com", "Known", null, Map.of("note", "before"))).get().customer();
        var entitlement = engine.manualEntitlement();

        var created = engine.grantor.customers().create(engine.business,
                new CreateCustomer("new" + draw.position() + "@example.com", "New", null, metadata));
        var changed = engine.grantor.customers().update(engine.business, known.id().value(),
                new UpdateCustomer(null, "Renamed", null, false, metadata));
        var issued = engine.grantor.issuing().issue(engine.business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "buyer" + draw.position() + "@example.com", "Buyer"), null, null, metadata));
        var catalogued = engine.grantor.entitlements().create(engine.business,
                new CreateEntitlement("Noted", LicenseKeyConfig.manual(), null, metadata));
        var recatalogued = engine.grantor.entitlements().update(engine.business, entitlement.id().value(),
                new UpdateEntitlement("Renamed", null, false, null, metadata));

        var results = List.<Either<GrantorError, ?>>of(created, changed, issued, catalogued, recatalogued);
        if (draw.allowed()) {
            assertThat(results).allSatisfy(result -> assertThat(result.isRight()).as("%s", result).isTrue());
            assertThat(created.get().customer().metadata().entries().get("note").get()).isEqualTo(new Metadata.Text(draw.text()));
            assertThat(changed.get().metadata().entries().get("note").get()).isEqualTo(new Metadata.Text(draw.text()));
            assertThat(issued.get().grant().grant().metadata().entries().get("note").get()).isEqualTo(new Metadata.Text(draw.text()));
            return;
        }
        var refusal = ValidationFailed.of("metadata.note", "must be text without control characters (line breaks and tabs are"
                + " text) and without bidi embeddings, overrides or isolates");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft()).isEqualTo(refusal);
        });
        var after = engine.grantor.customers().get(engine.business, known.id().value()).get();
        assertThat(after.name().map(n -> n.value())).as("nothing half-written").contains("Known");
        assertThat(after.metadata()).isEqualTo(known.metadata());
        assertThat(engine.grantor.customers().list(engine.business,
                new dev.grantor.application.port.in.CustomerQueries.ListCustomers(100, 0, null)).get()).hasSize(1);
        assertThat(engine.grantor.entitlements().get(engine.business, entitlement.id().value()).get().details().name())
                .isEqualTo(entitlement.details().name());
    }
}
