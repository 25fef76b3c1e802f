package dev.grantor.bootstrap;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.OutboxAdministration.Message;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "outbox", description = "Emails and events waiting to be sent, and those the relay gave up on.",
        subcommands = {OutboxCommand.ListMessages.class, OutboxCommand.Retry.class, OutboxCommand.SendNow.class})
final class OutboxCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list, retry, send-now");
    }

    @Command(name = "list", description = "Lists pending messages, or with --failed the parked ones, newest first. "
            + "Columns, tab-separated: id, kind, topic, status, attempts, created at, next attempt at, last error.")
    static final class ListMessages implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Option(names = "--failed", description = "Parked messages: failed too often, or rejected for good.")
        boolean failed;

        @Option(names = "--page-number", defaultValue = "0", paramLabel = "N", description = "Zero-based page (default ${DEFAULT-VALUE}).")
        int pageNumber;

        @Option(names = "--page-size", defaultValue = "" + PageLimits.MOST_PER_PAGE, paramLabel = "N",
                description = "1.." + PageLimits.MOST_PER_PAGE + " (default ${DEFAULT-VALUE}).")
        int pageSize;

        @Override
        public Integer call() {
            if (pageNumber < 0 || pageSize < 1 || pageSize > PageLimits.MOST_PER_PAGE) {
                // a page of none would be empty whatever waits, and the empty listing says "the outbox is empty"
                throw new ParameterException(spec.commandLine(),
                        "--page-number must be >= 0 and --page-size in 1.." + PageLimits.MOST_PER_PAGE);
            }
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var administration = deployment.grantor().outboxAdministration();
                var messages = failed ? administration.parked(pageNumber, pageSize) : administration.pending(pageNumber, pageSize);
                PrintWriter out = spec.commandLine().getOut();
                messages.forEach(message -> out.println(row(message)));
                out.flush();
                if (messages.isEmpty()) {
                    Listing.sayEmpty(spec, pageNumber > 0 ? "no " + (failed ? "parked" : "pending") + " messages on page " + pageNumber
                            : failed ? "no parked messages" : "no pending messages: the outbox is empty");
                }
            }
            return 0;
        }

        /** The payload stays out: an email's payload holds a license key. */
        static String row(Message message) {
            return Tsv.row(message.id(), message.kind().name(), message.topic(), message.status().name(),
                    Integer.toString(message.attempts()), GrantorJson.instant(message.createdAt()), GrantorJson.instant(message.nextAttemptAt()),
                    message.lastError().map(Failures::oneLine).getOrElse("-"));
        }
    }

    @Command(name = "retry", description = "Puts a parked message back in line, due now, and prints its id.")
    static final class Retry implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Parameters(paramLabel = "ID", description = "The parked message's id.")
        String id;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                if (!deployment.grantor().outboxAdministration().retry(id.strip())) {
                    throw new CommandFailure("outbox message " + Failures.oneLine(id) + " is not a parked message that can be"
                            + " sent again (a parked sign-in email's code or link is erased: the customer asks for a new one)");
                }
                spec.commandLine().getOut().println(id.strip());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "send-now", description = {"Makes a pending message waiting for its retry (after a failed attempt) due now,"
            + " its attempts and last error kept, and prints its id: a running service's relay sends it within a second."
            + " One a relay is sending right now is left alone (said on stderr), so that it is not sent twice.",
            "Exit 0 when the message is due now (or was due already, or is being sent); 1 when it was sent or parked"
            + " meanwhile (a parked one goes again with `grantor outbox retry ID`) or there is no such message."})
    static final class SendNow implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Parameters(paramLabel = "ID", description = "The pending message's id (`grantor outbox list`).")
        String id;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            String shown = Failures.oneLine(id);
            try (var deployment = Deployment.open(settings)) {
                var outcome = deployment.grantor().outboxAdministration().sendNow(id.strip());
                String note = switch (outcome) {
                    case DUE_NOW -> "";
                    case ALREADY_DUE -> "outbox message " + shown + " was due already: the relay sends it on its next pass";
                    case BEING_SENT -> "outbox message " + shown + " is being sent right now: left as it is, so that it is not"
                            + " sent twice (should this attempt fail, send it now again)";
                    case SENT -> throw new CommandFailure("outbox message " + shown + " was sent already");
                    case PARKED -> throw new CommandFailure("outbox message " + shown + " is parked: `grantor outbox retry "
                            + shown + "` puts it back in line");
                    case NOT_FOUND -> throw new CommandFailure("there is no outbox message " + shown);
                };
                if (!note.isEmpty()) {
                    spec.commandLine().getErr().println("grantor: " + note);
                    spec.commandLine().getErr().flush();
                }
                spec.commandLine().getOut().println(id.strip());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
