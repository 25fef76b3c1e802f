package dev.grantor.bootstrap;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "operators", description = "A business's staff who sign in to the console with emailed links.",
        subcommands = {OperatorsCommand.Add.class, OperatorsCommand.ListOperators.class})
final class OperatorsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: add, list");
    }

    @Command(name = "add", description = "Adds an operator (adding the same email again changes nothing) and prints its id.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Where the sign-in links go.")
        String email;

        @Override
        public Integer call() {
            var businessId = business.id();
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var operator = deployment.grantor().operatorAccess().add(businessId, email.strip())
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(operator.id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Lists a business's operators, oldest first. Columns, tab-separated: id, email, added at.")
    static final class ListOperators implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @Override
        public Integer call() {
            var businessId = business.id();
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var operators = deployment.grantor().operatorAccess().list(businessId)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                if (operators.isEmpty()) {
                    Listing.sayEmpty(spec, "business " + businessId.value() + " has no operators: grantor operators add --business "
                            + businessId.value() + " --email EMAIL");
                }
                for (var operator : operators) {
                    spec.commandLine().getOut().println(operator.id() + "\t" + operator.email() + "\t" + GrantorJson.instant(operator.createdAt()));
                }
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
