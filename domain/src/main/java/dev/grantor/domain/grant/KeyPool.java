package dev.grantor.domain.grant;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.KeyPoolEvent.Empty;
import dev.grantor.domain.grant.KeyPoolEvent.LowStock;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.KeyPoolNeedsManualKeys;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.KeyPoolId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/**
 * The keys a manual license-key entitlement hands out by itself. The pool remembers whether each alert is
 * armed: an alert fires when a take leaves the stock at or below its line while armed, and only a restock
 * that lifts the stock above the line arms it again, so a run of grants raises it once, not once per grant.
 */
@AggregateRoot
public record KeyPool(
        @Identity KeyPoolId id,
        BusinessId businessId,
        EntitlementId entitlementId,
        int lowStockThreshold,
        boolean lowStockArmed,
        boolean emptyArmed,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static final int DEFAULT_LOW_STOCK_THRESHOLD = 10;

    public KeyPool {
        if (id == null || businessId == null || entitlementId == null || lowStockThreshold < 0 || createdAt == null
                || updatedAt == null) {
            throw new IllegalArgumentException("key pool breaks its structural rules");
        }
    }

    /** A pool and the events of one change to its stock. */
    public record StockChange(KeyPool pool, List<KeyPoolEvent> events) {}

    /** Only a manual license-key entitlement takes keys from elsewhere; an auto one makes its own. */
    public static Either<GrantorError, KeyPool> open(KeyPoolId id, Entitlement entitlement, Option<Integer> threshold,
                                                     Instant at) {
        if (!entitlement.isActive()) {
            return Either.left(new NotFound("entitlement", entitlement.id().value()));
        }
        if (!entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isManual)) {
            return Either.left(new KeyPoolNeedsManualKeys(entitlement.id().value()));
        }
        return Either.right(new KeyPool(id, entitlement.businessId(), entitlement.id(),
                threshold.getOrElse(DEFAULT_LOW_STOCK_THRESHOLD), true, true, at, at, 0));
    }

    /** Any integer from 0 up; null keeps the default (or the current line). */
    public static Either<GrantorError, Option<Integer>> threshold(String field, Long candidate) {
        if (candidate == null) {
            return Either.right(Option.none());
        }
        if (candidate < 0 || candidate > Integer.MAX_VALUE) {
            return Either.left(ValidationFailed.of(field, "must be between 0 and " + Integer.MAX_VALUE));
        }
        return Either.right(Option.some(candidate.intValue()));
    }

    /** A new line arms the low-stock alert when the stock is above it, and raises nothing itself. */
    public KeyPool withThreshold(int threshold, long available, Instant at) {
        return new KeyPool(id, businessId, entitlementId, threshold, lowStockArmed || available > threshold, emptyArmed,
                createdAt, later(at), version);
    }

    /**
     * The most keys a take can leave available for an alert to fire: the line of the armed alert that stands highest,
     * none when neither is armed. A take that leaves more changes nothing, so the stock needs counting only up to one
     * past this line, however many keys the pool holds.
     */
    public Option<Integer> alertLine() {
        return lowStockArmed ? Option.some(lowStockThreshold) : emptyArmed ? Option.some(0) : Option.none();
    }

    /** After keys left the stock (a grant took one, or the merchant voided one). */
    public StockChange afterTaking(long available, long waitingGrants, Instant at) {
        List<KeyPoolEvent> events = List.empty();
        boolean lowArmed = lowStockArmed;
        boolean emptyArmedNext = emptyArmed;
        var next = this;
        if (lowArmed && available <= lowStockThreshold) {
            lowArmed = false;
        }
        if (emptyArmedNext && available == 0) {
            emptyArmedNext = false;
        }
        if (lowArmed != lowStockArmed || emptyArmedNext != emptyArmed) {
            next = new KeyPool(id, businessId, entitlementId, lowStockThreshold, lowArmed, emptyArmedNext, createdAt,
                    later(at), version);
            if (lowArmed != lowStockArmed) {
                events = events.append(new LowStock(next, available, waitingGrants, at));
            }
            if (emptyArmedNext != emptyArmed) {
                events = events.append(new Empty(next, available, waitingGrants, at));
            }
        }
        return new StockChange(next, events);
    }

    /** After keys came in: an alert whose line the stock now stands above is armed again. */
    public KeyPool afterRestock(long available, Instant at) {
        boolean lowArmed = lowStockArmed || available > lowStockThreshold;
        boolean emptyArmedNext = emptyArmed || available > 0;
        if (lowArmed == lowStockArmed && emptyArmedNext == emptyArmed) {
            return this;
        }
        return new KeyPool(id, businessId, entitlementId, lowStockThreshold, lowArmed, emptyArmedNext, createdAt, later(at),
                version);
    }

    private Instant later(Instant at) {
        return at.isBefore(updatedAt) ? updatedAt : at;
    }
}
