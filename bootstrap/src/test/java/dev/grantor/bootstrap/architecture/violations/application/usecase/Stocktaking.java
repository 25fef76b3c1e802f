package dev.grantor.bootstrap.architecture.violations.application.usecase;

import dev.grantor.bootstrap.architecture.violations.application.port.Shelves.Shelf;
import java.util.List;
import java.util.Optional;

/**
 * A use case that hands its caller the store's row, lock code and all: deep in a generic answer, as a parameter, and
 * as a component of its own record. {@link #free} names only its own types.
 */
public interface Stocktaking {

    record Count(Shelf shelf, int counted) {}

    Optional<List<Shelf>> shelves();

    Count count(String aisle);

    void recount(Shelf shelf);

    int free(String aisle);
}
