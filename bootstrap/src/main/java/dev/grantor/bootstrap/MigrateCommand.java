package dev.grantor.bootstrap;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Brings the database schema up to date (every command does this first; "
        + "run it alone to migrate ahead of a deployment).")
final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        var settings = database.announcedSettings(DatabaseOptions.Creation.ALLOWED, false);
        try (var deployment = Deployment.open(settings)) {
            spec.commandLine().getOut().println("database " + settings.location() + " is up to date");
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
