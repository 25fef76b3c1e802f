package dev.grantor.bootstrap.architecture.violations.adapter.web;

import org.jdbi.v3.core.Jdbi;

/** A page that queries the database with the persistence adapter's library. */
public class CatalogQuery {

    public int count(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("select count(*) from catalog").mapTo(Integer.class).one());
    }
}
