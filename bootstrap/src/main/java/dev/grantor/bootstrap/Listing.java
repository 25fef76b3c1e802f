package dev.grantor.bootstrap;

import picocli.CommandLine.Model.CommandSpec;

/** What a listing command says when it has no rows: on stderr, so stdout stays the rows alone for scripts. */
final class Listing {

    private Listing() {}

    static void sayEmpty(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("grantor: " + message);
        spec.commandLine().getErr().flush();
    }
}
