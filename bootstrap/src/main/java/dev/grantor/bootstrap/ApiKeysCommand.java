package dev.grantor.bootstrap;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.in.AccessAdministration.ApiKeySummary;
import dev.grantor.application.port.in.Actor;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "api-keys", description = {"Bearer tokens of a business; only a hash is stored.",
        "Each change (create, rename, revoke) is an entry by the owner in the audit trail, on the console's Team page."},
        subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Rename.class,
                ApiKeysCommand.Revoke.class})
final class ApiKeysCommand implements Runnable {

    static final String NAME_RULE = "What holds the key (billing, store), as the console's histories name it: 1 to 60 "
            + "characters once trimmed, no control or invisible characters, and not the name of another unrevoked key of the "
            + "business, whatever its case or width (a revoked key's name is free).";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: create, list, rename, revoke");
    }

    /**
     * The token alone goes to stdout, as before, so {@code TOKEN=$(grantor api-keys create ...)} keeps working; the
     * key's id, which is not secret and is what {@code list} and {@code revoke} name, goes to stderr.
     */
    @Command(name = "create", description = "Creates an API key and prints its token on stdout (shown this once) and its id on stderr.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Mixin
        BusinessOption business;

        @Option(names = "--read-only", description = "A key that may read but never write.")
        boolean readOnly;

        @Option(names = "--name", paramLabel = "TEXT", description = NAME_RULE)
        String name;

        @Override
        public Integer call() {
            var businessId = business.id();
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var key = deployment.grantor().access().createApiKey(businessId, readOnly, io.vavr.control.Option.of(name),
                                new Actor.Owner())
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(key.token());
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().println("grantor: created API key " + key.id()
                        + key.name().map(named -> " \"" + named + "\"").getOrElse("") + " ("
                        + (readOnly ? "read-only" : "read-write") + ") for " + businessId.value());
                spec.commandLine().getErr().flush();
            }
            return 0;
        }
    }

    /**
     * Scripts read {@code list}'s columns by position, so the name, added later, is the last one: the earlier columns
     * keep their places. A name holds no tab nor line break (no control characters), so it never splits a row.
     */
    @Command(name = "list", description = "Lists a business's API keys, oldest first. Columns, tab-separated: id, token prefix, "
            + "access (read-only or read-write), created at, last used at (to the minute; - if never), revoked at (- if live), "
            + "name (- if none).")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Mixin
        BusinessOption business;

        @Override
        public Integer call() {
            var businessId = business.id();
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var keys = deployment.grantor().accessAdministration().apiKeys(businessId)
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                PrintWriter out = spec.commandLine().getOut();
                keys.forEach(key -> out.println(row(key)));
                out.flush();
                if (keys.isEmpty()) {
                    Listing.sayEmpty(spec, "business " + businessId.value() + " has no API keys");
                }
            }
            return 0;
        }

        static String row(ApiKeySummary key) {
            return Tsv.row(key.id(), key.tokenPrefix().map(prefix -> prefix + "...").getOrElse("-"),
                    key.readOnly() ? "read-only" : "read-write", GrantorJson.instant(key.createdAt()),
                    key.lastUsedAt().map(GrantorJson::instant).getOrElse("-"), key.revokedAt().map(GrantorJson::instant).getOrElse("-"),
                    key.name().getOrElse("-"));
        }
    }

    @Command(name = "rename", description = "Names an API key, or takes its name away, and prints its id. A revoked key can be "
            + "renamed too: the console's histories go on naming it. Giving a key the name it has changes nothing.")
    static final class Rename implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Parameters(paramLabel = "ID", description = "The key's id (key_...), as api-keys list shows it.")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Naming naming;

        static final class Naming {
            @Option(names = "--name", required = true, paramLabel = "TEXT", description = NAME_RULE)
            String name;

            @Option(names = "--no-name", required = true, description = "Takes the key's name away.")
            boolean noName;
        }

        @Override
        public Integer call() {
            try (var deployment = Deployment.open(database.announcedSettings(Creation.ONLY_WITH_FLAG, false))) {
                var key = deployment.grantor().accessAdministration().rename(id, io.vavr.control.Option.of(naming.name), new Actor.Owner())
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(key.id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revokes an API key by its id and prints the id. Every running node refuses the "
            + "key within its --api-key-cache-ttl (1 second by default), when it next reads the key's row. Revoking a revoked "
            + "key changes nothing.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Parameters(paramLabel = "ID", description = "The key's id (key_...), as api-keys list shows it.")
        String id;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var key = deployment.grantor().accessAdministration().revoke(id, new Actor.Owner())
                        .getOrElseThrow(problem -> new CommandFailure(problem.message()));
                spec.commandLine().getOut().println(key.id());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
