package dev.grantor.bootstrap.architecture.violations.adapter.web;

import dev.grantor.bootstrap.architecture.violations.adapter.store.CatalogTable;

/** A primary adapter that reads a secondary adapter's table directly. */
public class CatalogPage {

    public int render(CatalogTable table) {
        return table.rows();
    }
}
