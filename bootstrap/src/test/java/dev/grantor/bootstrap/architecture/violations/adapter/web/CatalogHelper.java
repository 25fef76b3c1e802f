package dev.grantor.bootstrap.architecture.violations.adapter.web;

/** Named for its mechanism, not for what it is. */
public class CatalogHelper {

    public static String title(String name) {
        return name.strip();
    }
}
