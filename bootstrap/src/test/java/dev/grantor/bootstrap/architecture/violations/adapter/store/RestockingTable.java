package dev.grantor.bootstrap.architecture.violations.adapter.store;

import dev.grantor.bootstrap.architecture.violations.application.service.Restocking;

/** A secondary adapter that drives a use case itself instead of serving its port. */
public class RestockingTable {

    public int afterInsert(Restocking restocking) {
        return restocking.restock();
    }
}
