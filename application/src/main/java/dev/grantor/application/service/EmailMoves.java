package dev.grantor.application.service;

import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.domain.customer.Customer;

/**
 * What follows a customer's email moved by the merchant, by {@code PATCH /customers/{id}} or by an issue that names the
 * customer by id with a new address. The old mailbox may be lost or someone else's: whoever holds it must not stay
 * signed in to the portal, nor open it with a link that was sent there. Called in the move's unit, so the move and the
 * sign-out commit together or not at all. A change of the address's letter case only is the same mailbox.
 */
final class EmailMoves {

    private final SignIns signIns;
    private final PortalSignIns portalSignIns;

    EmailMoves(SignIns signIns, PortalSignIns portalSignIns) {
        this.signIns = signIns;
        this.portalSignIns = portalSignIns;
    }

    void changed(Customer before, Customer after) {
        if (after.email().matchKey().equals(before.email().matchKey())) {
            return;
        }
        signIns.forget(new SignIns.Principal(SignIns.Realm.PORTAL, before.businessId(), before.id().value()));
        portalSignIns.forgetLinksOf(before.businessId(), before.id());
    }
}
