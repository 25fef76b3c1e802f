package dev.grantor.bootstrap;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "operators", description = "A business's staff who sign in to the console with emailed links. Each change "
        + "(add, remove, set-role) is an entry in the business's audit trail, by the owner, shown on the console's Team page; "
        + "a command that changes nothing writes none.",
        subcommands = {OperatorsCommand.Add.class, OperatorsCommand.ListOperators.class, OperatorsCommand.SetRole.class,
                OperatorsCommand.Remove.class})
final class OperatorsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: add, list, set-role, remove");
    }

    /** What {@code --role} takes, and the refusal of anything else. */
    static Role role(CommandSpec spec, String text) {
        return Role.parse(text).getOrElseThrow(() -> new ParameterException(spec.commandLine(),
                "--role takes operator (reads and acts) or viewer (reads every console page, changes nothing), not " + text));
    }

    @Command(name = "add", description = "Adds an operator (adding the same email again changes nothing but the role given "
            + "with --role; adding a removed operator's email gives it access back) and prints its id.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Where the sign-in links go.")
        String email;

        @Option(names = "--role", paramLabel = "ROLE", description = "operator (reads and acts; a new operator's role when "
                + "left out) or viewer (reads every console page, changes nothing). Left out, an existing operator keeps its role.")
        String role;

        @Override
        public Integer call() {
            var businessId = business.id();
            var given = io.vavr.control.Option.of(role).map(text -> role(spec, text));
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var operator = deployment.grantor().operatorAccess().add(businessId, email.strip(), given)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(operator.id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Lists a business's operators, removed ones too, oldest first. Columns, "
            + "tab-separated: id, email, added at, removed at (- while it has access), role (operator or viewer). Who changed "
            + "access and when is on the console's Team page.")
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
                    spec.commandLine().getOut().println(Tsv.row(operator.id(), operator.email(), GrantorJson.instant(operator.createdAt()),
                            operator.removedAt().map(GrantorJson::instant).getOrElse("-"), operator.role().wire()));
                }
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /** The operator named as {@code remove} names it; changing to the role it has exits 0 with a note on stderr. */
    @Command(name = "set-role", description = "Sets what an operator may do in the console and prints its id: operator "
            + "(reads and acts) or viewer (reads every page, changes nothing). It applies from the operator's next request "
            + "on, in sessions already open too; a removed operator keeps the role for when it is added back.")
    static final class SetRole implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Remove.Which which;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "operator or viewer.")
        String role;

        @Override
        public Integer call() {
            var businessId = business.id();
            var newRole = role(spec, role);
            String named = Remove.named(spec, which);
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var change = deployment.grantor().operatorAccess().changeRole(businessId, named, newRole)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                if (!change.changed()) {
                    spec.commandLine().getErr().println("grantor: operator " + change.operator().id() + " ("
                            + change.operator().email() + ") was already " + newRole.wire() + "; nothing changed");
                    spec.commandLine().getErr().flush();
                }
                spec.commandLine().getOut().println(change.operator().id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /**
     * Named by email (as {@code add} names it) or by id (as {@code list} and the audit trail show it), each a flag like
     * {@code add}'s; removing a removed one exits 0 with a note on stderr, so a script can run it again safely.
     */
    @Command(name = "remove", description = "Takes console access away from an operator and prints its id: it can no longer "
            + "have sign-in links emailed, its open sessions end and its unused links stop working. Its row stays, so the "
            + "console's history still names it; add its email again to give access back.")
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The operator's email, in any case.")
            String email;

            @Option(names = "--id", required = true, paramLabel = "ID", description = "The operator's id (op_...), as list shows it.")
            String id;
        }

        /** The operator {@code which} names, as the use cases take it: an address or an id, told apart by its @. */
        static String named(CommandSpec spec, Which which) {
            String named = which.email != null ? which.email : which.id;
            if (which.id != null && named.contains("@")) {
                throw new ParameterException(spec.commandLine(), "--id takes an operator id (op_...); give an address with --email");
            }
            if (which.email != null && !named.contains("@")) {
                throw new ParameterException(spec.commandLine(), "--email takes an address; give an operator id with --id");
            }
            return named;
        }

        @Override
        public Integer call() {
            var businessId = business.id();
            String named = named(spec, which);
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var removal = deployment.grantor().operatorAccess().remove(businessId, named)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                if (removal.already()) {
                    spec.commandLine().getErr().println("grantor: operator " + removal.operator().id() + " ("
                            + removal.operator().email() + ") was already removed at "
                            + removal.operator().removedAt().map(GrantorJson::instant).getOrElse("?") + "; nothing changed");
                    spec.commandLine().getErr().flush();
                }
                spec.commandLine().getOut().println(removal.operator().id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
