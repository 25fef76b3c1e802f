package dev.grantor.bootstrap.architecture.violations.application.port;

public interface Shelves {

    int free();
}
