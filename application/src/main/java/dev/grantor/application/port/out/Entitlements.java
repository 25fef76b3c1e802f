package dev.grantor.application.port.out;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import io.vavr.collection.List;
import io.vavr.control.Option;

public interface Entitlements {

    /** Stores a new entitlement at version 0. */
    void insert(Entitlement entitlement);

    /**
     * Replaces the stored entitlement whose version is {@code entitlement.version()}, storing it at the next
     * version. Throws {@link ConcurrentUpdate} when the stored version differs.
     */
    void update(Entitlement entitlement);

    /** Deleted ones too: their grants still need them. Another business's id finds nothing. */
    Option<Entitlement> find(BusinessId business, EntitlementId id);

    /** Only entitlements not deleted, newest first. */
    List<Entitlement> listActive(BusinessId business, Option<IntegrationType> type, Page page);
}
