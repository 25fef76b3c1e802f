package dev.grantor.bootstrap.architecture.violations.application.service;

import dev.grantor.bootstrap.architecture.violations.application.Everything;

/** A service that takes the whole store, so its constructor no longer says which ports it uses. */
public class Restocking {

    private final Everything everything;

    public Restocking(Everything everything) {
        this.everything = everything;
    }

    public int restock() {
        return everything.shelves().free();
    }
}
