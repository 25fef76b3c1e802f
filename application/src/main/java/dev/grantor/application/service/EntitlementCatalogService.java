package dev.grantor.application.service;

import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.application.wire.Wire;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementDetails;
import dev.grantor.domain.entitlement.EntitlementUpdate;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.InstantSource;

/** Entitlements: created, read, changed (never their integration type) and softly deleted. */
public final class EntitlementCatalogService implements EntitlementCatalog {

    private static final ListEntitlements DEFAULTS = new ListEntitlements(null, null, null);

    private final Transactions transactions;
    private final WriteUnits units;
    private final Entitlements entitlements;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final CommandValidation validation;

    public EntitlementCatalogService(Transactions transactions, Entitlements entitlements, IdGenerator ids, InstantSource clock,
                                     CommandValidation validation) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.entitlements = entitlements;
        this.ids = ids;
        this.clock = clock;
        this.validation = validation;
    }

    @Override
    public Either<GrantorError, Entitlement> create(BusinessId business, CreateEntitlement command) {
        return validation.check(command).flatMap(valid -> EntitlementDetails.parseName(command.name())
                .flatMap(name -> EntitlementDetails.parseDescription(command.description())
                        .flatMap(description -> IntegrationConfigFields.check(command.integrationConfig())
                                .flatMap(config -> Wire.metadata("metadata", command.metadata())
                                        .flatMap(metadata -> units.write(() -> {
                                            var entitlement = Entitlement.create(
                                                    new EntitlementId(ids.next(EntitlementId.PREFIX)), business,
                                                    new EntitlementDetails(name, description), config, metadata,
                                                    clock.instant());
                                            entitlements.insert(entitlement);
                                            return Either.right(entitlement);
                                        }))))));
    }

    @Override
    public Either<GrantorError, Entitlement> get(BusinessId business, String entitlementId) {
        return Entitlements.id(entitlementId)
                .flatMap(id -> transactions.read(() -> entitlements.active(business, id)));
    }

    @Override
    public Either<GrantorError, List<Entitlement>> list(BusinessId business, ListEntitlements query) {
        var q = query == null ? DEFAULTS : query;
        return validation.check(q)
                .flatMap(valid -> q.integrationType() == null ? Either.right(Option.<IntegrationType>none())
                        : IntegrationType.parse(q.integrationType()).mapLeft(problem -> problem.at("integration_type")).map(Option::some))
                .map(type -> transactions.read(() ->
                        entitlements.listActive(business, type, Paging.page(q.pageNumber(), q.pageSize()))));
    }

    @Override
    public io.vavr.collection.Map<EntitlementId, Entitlement> ofAll(BusinessId business, List<EntitlementId> ids) {
        if (ids.isEmpty()) {
            return io.vavr.collection.HashMap.empty();
        }
        return transactions.read(() -> entitlements.ofAll(business, ids));
    }

    @Override
    public Either<GrantorError, Entitlement> update(BusinessId business, String entitlementId, UpdateEntitlement command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        return Entitlements.id(entitlementId).flatMap(id -> units.write(() -> entitlements.active(business, id)
                .flatMap(current -> changes(current, command)
                        .flatMap(update -> current.update(update, clock.instant()))
                        .peek(entitlements::update))));
    }

    @Override
    public Either<GrantorError, Entitlement> delete(BusinessId business, String entitlementId) {
        return Entitlements.id(entitlementId).flatMap(id -> units.write(() -> entitlements.active(business, id)
                .map(current -> current.delete(clock.instant()))
                .peek(entitlements::update)));
    }

    private static Either<GrantorError, EntitlementUpdate> changes(Entitlement current, UpdateEntitlement command) {
        Either<GrantorError, Option<String>> name = command.name() == null ? Either.right(Option.none())
                : EntitlementDetails.parseName(command.name()).map(Option::some);
        Either<GrantorError, Option<Option<String>>> description = command.clearDescription()
                ? Either.right(Option.some(Option.none()))
                : command.description() == null ? Either.right(Option.none())
                : EntitlementDetails.parseDescription(command.description()).map(Option::some);
        // a config of another type is the entitlement's own refusal (Entitlement.update): its type never changes
        Either<GrantorError, Option<IntegrationConfig>> config = command.integrationConfig() == null ? Either.right(Option.none())
                : IntegrationConfigFields.check(command.integrationConfig()).map(Option::some);
        Either<GrantorError, Option<Metadata>> metadata = command.metadata() == null ? Either.right(Option.none())
                : Wire.metadata("metadata", command.metadata()).map(Option::some);
        return name.flatMap(n -> description.flatMap(d -> config.flatMap(c -> metadata.map(m -> new EntitlementUpdate(n, d, c, m)))));
    }
}
