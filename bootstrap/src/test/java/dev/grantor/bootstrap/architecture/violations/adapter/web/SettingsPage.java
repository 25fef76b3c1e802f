package dev.grantor.bootstrap.architecture.violations.adapter.web;

import dev.grantor.bootstrap.architecture.violations.bootstrap.Wiring;

/** An adapter that reads the composition root's wiring: it would need every module with it. */
public class SettingsPage {

    public String render() {
        return "port " + Wiring.port();
    }
}
