package dev.grantor.adapter.web.violations;

import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.service.SignInService;

/** Breaks the web adapter's rules on purpose: a page that reads the session store and builds a service itself. */
final class SessionTablePage {

    private final SignIns store;

    SessionTablePage(SignIns store) {
        this.store = store;
    }

    boolean signedIn(String hash) {
        return store.findSession(SignIns.Realm.CONSOLE, hash).isDefined();
    }

    Class<?> service() {
        return SignInService.class;
    }
}
