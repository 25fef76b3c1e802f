package dev.grantor.bootstrap.architecture.violations.application.port;

import dev.grantor.bootstrap.architecture.violations.adapter.store.CatalogTable;
import dev.grantor.bootstrap.architecture.violations.domain.Ledger;

/** A port that knows its adapter: what the hexagon forbids. */
public interface Catalog {

    CatalogTable table();

    Ledger ledger();
}
