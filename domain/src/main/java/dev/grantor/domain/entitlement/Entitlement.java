package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/**
 * A reusable definition of what a purchase delivers. Its integration type is fixed at creation (it is
 * the type of its config); a deleted entitlement keeps existing for its grants but issues no new ones.
 */
@AggregateRoot
public record Entitlement(
        @Identity EntitlementId id,
        BusinessId businessId,
        EntitlementDetails details,
        IntegrationConfig config,
        Metadata metadata,
        Instant createdAt,
        Instant updatedAt,
        Option<Instant> deletedAt,
        long version) {

    public Entitlement {
        if (id == null || businessId == null || details == null || config == null || metadata == null
                || createdAt == null || updatedAt == null || deletedAt == null || updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("entitlement breaks its structural rules");
        }
    }

    public static Entitlement create(EntitlementId id, BusinessId businessId, EntitlementDetails details,
                                     IntegrationConfig config, Metadata metadata, Instant at) {
        return new Entitlement(id, businessId, details, config, metadata, at, at, Option.none(), 0);
    }

    public IntegrationType integrationType() {
        return config.type();
    }

    public boolean isActive() {
        return deletedAt.isEmpty();
    }

    public String name() {
        return details.name();
    }

    /** Every given part replaces the current one; the config must stay of the same integration type. */
    public Either<GrantorError, Entitlement> update(EntitlementUpdate update, Instant at) {
        if (update.config().exists(c -> c.type() != integrationType())) {
            return Either.left(ValidationFailed.of("config",
                    "must stay of integration type " + integrationType().wire() + ": an entitlement's type cannot change"));
        }
        var nextDetails = new EntitlementDetails(
                update.name().getOrElse(details.name()),
                update.description().getOrElse(details.description()));
        return Either.right(new Entitlement(id, businessId, nextDetails, update.config().getOrElse(config),
                update.metadata().getOrElse(metadata), createdAt, latest(at), deletedAt, version));
    }

    /** Deleting twice keeps the first deletion time. */
    public Entitlement delete(Instant at) {
        return isActive()
                ? new Entitlement(id, businessId, details, config, metadata, createdAt, latest(at), Option.some(at), version)
                : this;
    }

    public Option<IntegrationConfig.LicenseKeyConfig> licenseKeyConfig() {
        return config instanceof IntegrationConfig.LicenseKeyConfig c ? Option.some(c) : Option.none();
    }

    private Instant latest(Instant at) {
        return at.isBefore(updatedAt) ? updatedAt : at;
    }
}
