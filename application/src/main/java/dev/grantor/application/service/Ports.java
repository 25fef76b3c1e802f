package dev.grantor.application.service;

import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.Transactions;
import java.time.InstantSource;

/** The secondary ports the use cases work through, gathered once by the facade. */
public record Ports(Transactions transactions, Businesses businesses, Entitlements entitlements, Grants grants,
                    LicenseKeys licenseKeys, Customers customers, ApiKeys apiKeys, Outbox outbox,
                    InstantSource clock, IdGenerator ids, KeyGenerator keys) {

    public Ports {
        if (transactions == null || businesses == null || entitlements == null || grants == null || licenseKeys == null
                || customers == null || apiKeys == null || outbox == null || clock == null || ids == null || keys == null) {
            throw new IllegalArgumentException("every port is required");
        }
    }
}
