package dev.grantor.bootstrap;

import dev.grantor.application.port.in.DeliveryResends.ByCommandLine;
import dev.grantor.application.port.in.DeliveryResends.ResendPolicy;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.VisibleName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "grants", description = "A business's grants, for support.", subcommands = {GrantsCommand.Resend.class})
final class GrantsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: resend");
    }

    /**
     * The customer's email names the grant id for support, not the business: on a database with one business (the
     * common case) the business need not be given.
     */
    @Command(name = "resend", description = "Queues the delivery email of a Delivered license-key grant again (\"I lost my email\") "
            + "and prints the new email's outbox id. The running service's relay sends it (at its next outbox poll). "
            + "Once per grant per minute from here; recorded with the operator's name.")
    static final class Resend implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Parameters(paramLabel = "GRANT_ID", description = "The grant's id (entg_...), as the delivery email shows it.")
        String grantId;

        @Option(names = "--business", paramLabel = "BUSINESS_ID",
                description = "The grant's business; may be left out when the database has exactly one.")
        String business;

        @Option(names = "--operator", paramLabel = "NAME", description = "Who asks, as recorded with the resend and named in the "
                + "console's grant timeline, as NAME (command line) (default: the user running the command): 1 to 200 characters,"
                + " no control or invisible character.")
        String operator;

        @Override
        public Integer call() {
            var businessId = business == null ? null : BusinessOption.parse(spec, business);
            var named = VisibleName.parse("--operator", operator != null ? operator : System.getProperty("user.name", "cli"),
                    ByCommandLine.MAX_NAME).getOrElseThrow(problem -> new ParameterException(spec.commandLine(), problem.message()));
            if (named.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--operator must not be blank");
            }
            String requester = named.get();
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var grantor = deployment.grantor();
                var owner = BusinessOption.givenOrOnly(businessId, grantor);
                var resend = grantor.deliveryResends().resend(owner, grantId, new ByCommandLine(requester), ResendPolicy.OPERATOR)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(resend.outboxMessageId());
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("grantor: queued the delivery email of grant " + resend.grantId().value()
                        + " again for " + requester + " (command line); the running service sends it");
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
    }
}
