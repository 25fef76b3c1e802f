package dev.grantor.bootstrap.architecture.violations.application;

import dev.grantor.bootstrap.architecture.violations.application.port.Catalog;
import dev.grantor.bootstrap.architecture.violations.application.port.Shelves;

/** A store that hands out every port: what a service should not be given whole. */
public interface Everything {

    Catalog catalog();

    Shelves shelves();
}
