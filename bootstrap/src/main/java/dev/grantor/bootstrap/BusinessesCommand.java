package dev.grantor.bootstrap;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.Access.Business;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "businesses", description = "Tenants: every API key, and so every record, belongs to one business.",
        subcommands = {BusinessesCommand.Create.class, BusinessesCommand.ListBusinesses.class})
final class BusinessesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: create, list");
    }

    @Command(name = "create", description = "Creates a business and prints only its id (creating the database if there is none).")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The business's name, as its emails' sender and its pages show it: 1 to 200 characters (trimmed),"
                + " no control or invisible character (bidi overrides, zero-width spaces), as customer and API key names.")
        String name;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ALLOWED, false);
            try (var deployment = Deployment.open(settings)) {
                var business = deployment.grantor().access().createBusiness(name)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(business.id().value());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Lists every business, oldest first. Columns, tab-separated: id, created at, name.")
    static final class ListBusinesses implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var businesses = deployment.grantor().accessAdministration().businesses();
                PrintWriter out = spec.commandLine().getOut();
                businesses.forEach(business -> out.println(row(business)));
                out.flush();
                if (businesses.isEmpty()) {
                    Listing.sayEmpty(spec, "no businesses yet: grantor businesses create --name NAME");
                }
            }
            return 0;
        }

        static String row(Business business) {
            return Tsv.row(business.id().value(), GrantorJson.instant(business.createdAt()), business.name());
        }
    }
}
