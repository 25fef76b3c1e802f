package dev.grantor.application.port.out;

import dev.grantor.application.port.out.Businesses.Business;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/** The tenants. Simple reference data: a name and the default brand every grant carries. */
public interface Businesses {

    /** As the store keeps it; the use cases answer {@code Access.Business}, so that a host never reaches into this port. */
    record Business(BusinessId id, String name, BrandId defaultBrandId, Instant createdAt) {}

    void insert(Business business);

    Option<Business> find(BusinessId id);

    /** Every business, oldest first: an operator's view, never a tenant's. */
    List<Business> list();
}
