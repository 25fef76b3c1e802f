package dev.grantor.bootstrap;

import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import io.vavr.collection.List;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "console", description = "The operator console (/console) of a running service.",
        subcommands = {ConsoleCommand.LoginLink.class})
final class ConsoleCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: login-link");
    }

    /**
     * What {@code grantor serve} prints when it starts on the embedded database and the first business has no operator
     * yet: a one-time link that opens that business's console, so a newcomer is one click from the queue.
     */
    static List<String> firstLink(Service service, ServiceSettings settings) {
        if (settings.database().url().isDefined()) {
            return List.empty();
        }
        var grantor = service.deployment().grantor();
        var first = grantor.accessAdministration().businesses().headOption();
        if (first.isEmpty()) {
            return List.of("Console: " + service.url() + "console/ (create a business with `grantor businesses create`, then"
                    + " run `grantor console login-link --business ID` for a sign-in link)");
        }
        var business = first.get();
        if (!grantor.operatorAccess().list(business.id()).getOrElse(List.empty()).isEmpty()) {
            return List.empty();
        }
        return grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business.id(), SignIn.OWNER))
                .map(link -> List.of("Console of " + business.name() + " (" + business.id().value() + "), one-time sign-in link,"
                        + " valid " + SignIn.CONSOLE_LINK_MINUTES + " minutes:",
                        "  " + base(settings.publicUrl().map(URI::toString).getOrElse(service.url().toString())) + "console/login/"
                                + link.token()))
                .getOrElse(List.empty());
    }

    private static String base(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    @Command(name = "login-link", description = "Prints a one-time link (valid 15 minutes, single use) that opens a console session "
            + "for the business: as its operator with --email, else as its owner.")
    static final class LoginLink implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        BusinessOption business;

        @Option(names = "--email", paramLabel = "EMAIL", description = "An operator added with `grantor operators add`.")
        String email;

        @Option(names = "--public-url", paramLabel = "URL", description = "Where people open the service (GRANTOR_PUBLIC_URL,"
                + " as for serve). Without it, the link names the address serve listens on: --host and --port.")
        String publicUrl;

        // the same options and variables as serve's, so that with serve's environment the link names that service
        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
                description = "The address serve listens on, without --public-url (GRANTOR_HOST, default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
                description = "The port serve listens on, without --public-url (GRANTOR_PORT, default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() {
            var businessId = business.id();
            var url = ServeCommand.publicUrl(spec, publicUrl).getOrElse(this::listenAddress);
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, false);
            try (var deployment = Deployment.open(settings)) {
                var grantor = deployment.grantor();
                String subject = SignIn.OWNER;
                if (email != null) {
                    subject = grantor.operatorAccess().withEmail(email.strip()).find(o -> o.business().equals(businessId))
                            .map(o -> o.id())
                            .getOrElseThrow(() -> new CommandFailure("no operator of " + businessId.value()
                                    + " has that email; add one with `grantor operators add`"));
                }
                var link = grantor.signIn().mintLink(new Principal(Realm.CONSOLE, businessId, subject))
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(base(url.toString()) + "console/login/" + link.token());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        /** The base serve's own links name without --public-url (see firstLink); a port picked at start only serve knows. */
        private URI listenAddress() {
            ServeCommand.requireAddress(spec, host, port);
            if (port == 0) {
                throw new ParameterException(spec.commandLine(),
                        "--port is 0: serve picks a free port at start, which only the running service knows; give --public-url");
            }
            return Service.localUrl(host.strip(), port);
        }
    }
}
