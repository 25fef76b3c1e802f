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

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

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
        return grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business.id(), "owner"))
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

        @Option(names = "--public-url", defaultValue = DEFAULT_URL, paramLabel = "URL",
                description = "Where the service is reached (default: ${DEFAULT-VALUE}; GRANTOR_PUBLIC_URL).")
        String publicUrl;

        @Override
        public Integer call() {
            var businessId = business.id();
            URI url;
            try {
                url = URI.create(publicUrl.strip());
                if (url.getHost() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ParameterException(spec.commandLine(), "--public-url must be an absolute http(s) URL");
            }
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, false);
            try (var deployment = Deployment.open(settings)) {
                var grantor = deployment.grantor();
                String subject = "owner";
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
    }
}
