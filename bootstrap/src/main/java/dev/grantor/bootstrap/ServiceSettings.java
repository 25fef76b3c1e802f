package dev.grantor.bootstrap;

import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.adapter.rest.RestSettings;

/** Everything {@code grantor serve} needs: the HTTP side, the database, mail, and whether this node relays. */
public record ServiceSettings(RestSettings rest, DatabaseSettings database, MailSettings mail, boolean relay,
                              RelayPolicy relayPolicy) {

    public ServiceSettings {
        if (rest == null || database == null || mail == null || relayPolicy == null) {
            throw new IllegalArgumentException("service settings need REST, database, mail and relay settings");
        }
    }

    /** Loopback on a free port, the given database, the pickup directory, relaying: how tests start a node. */
    public static ServiceSettings local(DatabaseSettings database, MailSettings mail) {
        return new ServiceSettings(RestSettings.defaults().withPort(0), database, mail, true, RelayPolicy.defaults());
    }

    public ServiceSettings withRelayPolicy(RelayPolicy policy) {
        return new ServiceSettings(rest, database, mail, relay, policy);
    }

    public ServiceSettings withRest(RestSettings newRest) {
        return new ServiceSettings(newRest, database, mail, relay, relayPolicy);
    }

    public ServiceSettings withoutRelay() {
        return new ServiceSettings(rest, database, mail, false, relayPolicy);
    }
}
