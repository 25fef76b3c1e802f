package dev.grantor.bootstrap.architecture.violations.domain;

import dev.grantor.bootstrap.architecture.violations.application.port.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks two rules: a framework type in the domain, and a cycle with the port package. */
public class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    public void record(Catalog catalog) {
        LOG.info("recording {}", catalog);
    }
}
