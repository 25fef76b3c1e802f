package dev.grantor.bootstrap;

import picocli.CommandLine.Option;

/** {@code --create}, for the data commands that otherwise refuse to start a new embedded database. */
public final class CreateOption {

    @Option(names = "--create", description = "Start a new embedded database if the data dir holds none (without it the "
            + "command refuses, so that a run from the wrong folder does not quietly start an empty one).")
    boolean create;
}
