package dev.grantor.bootstrap.architecture.violations.bootstrap;

/** The composition root of the fixture. */
public class Wiring {

    public static int port() {
        return 8080;
    }
}
