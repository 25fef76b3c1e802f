package dev.grantor.bootstrap;

import dev.grantor.domain.shared.BusinessId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "api-keys", description = "Bearer tokens of a business; only a hash is stored.",
        subcommands = ApiKeysCommand.Create.class)
final class ApiKeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: create");
    }

    @Command(name = "create", description = "Creates an API key and prints only its token: it is shown this once.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--business", required = true, paramLabel = "BUSINESS_ID", description = "The business the key acts for.")
        String business;

        @Option(names = "--read-only", description = "A key that may read but never write.")
        boolean readOnly;

        @Override
        public Integer call() {
            var businessId = BusinessId.parse("business", business.strip())
                    .getOrElseThrow(problem -> new ParameterException(spec.commandLine(), "--business: not a business id (bus_...)"));
            var settings = database.settings();
            try (var deployment = Deployment.open(settings)) {
                var key = deployment.grantor().access().createApiKey(businessId, readOnly)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(key.token());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
