package dev.grantor.bootstrap.architecture.violations.application.usecase;

import dev.grantor.bootstrap.architecture.violations.application.port.Shelves;
import java.util.List;

/** Not public and named in no signature of a use case, yet it leans on a store's port all the same. */
final class Aisles {

    private Aisles() {}

    static int emptiest(List<Shelves> shelves) {
        return shelves.stream().mapToInt(Shelves::free).max().orElse(0);
    }
}
