package dev.grantor.bootstrap;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "businesses", description = "Tenants: every API key, and so every record, belongs to one business.",
        subcommands = BusinessesCommand.Create.class)
final class BusinessesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: create");
    }

    @Command(name = "create", description = "Creates a business and prints only its id.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The business's name.")
        String name;

        @Override
        public Integer call() {
            var settings = database.settings();
            try (var deployment = Deployment.open(settings)) {
                var business = deployment.grantor().access().createBusiness(name)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(business.id().value());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
