package dev.grantor.bootstrap.architecture.violations.application.port;

public interface Shelves {

    /** A shelf's row as the store keeps it. */
    record Shelf(String aisle, int free, String lockCode) {}

    int free();
}
