package dev.grantor.adapter.web.page;

import dev.grantor.application.port.in.SignIn.Session;
import dev.grantor.domain.shared.BusinessId;

/**
 * A signed-in request: whose session it is, and the CSRF token every form of the page must carry in a hidden field
 * named {@value Csrf#FIELD}.
 */
public record Visit(Session session, String csrfToken) {

    public BusinessId business() {
        return session.principal().business();
    }

    /** The operator's id in the console, the customer's in the portal. */
    public String subject() {
        return session.principal().subject();
    }
}
