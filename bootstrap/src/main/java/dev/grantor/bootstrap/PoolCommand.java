package dev.grantor.bootstrap;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.KeyPoolManagement.ImportReport;
import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.LineStatus;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.bootstrap.DatabaseOptions.Creation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "pool", description = "The key pool of a manual license-key entitlement: import keys, show its stock.",
        subcommands = {PoolCommand.Import.class, PoolCommand.Status.class})
final class PoolCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: import, status");
    }

    /** The operator names an entitlement, not a business: the pool says whose it is. */
    static PoolView poolOf(Grantor grantor, String entitlementId) {
        String wanted = entitlementId.strip();
        return grantor.keyPools().stockAcrossBusinesses().find(view -> view.pool().entitlementId().value().equals(wanted))
                .getOrElseThrow(() -> new CommandFailure("entitlement " + Failures.oneLine(wanted)
                        + " has no key pool: open one with POST /entitlements/{id}/key-pool"));
    }

    @Command(name = "import", description = "Adds the keys of a file to the pool (plain text: one key per line; CSV: header "
            + "key[,activations_limit][,expires_at]), fulfills waiting grants, and prints a summary and every line not imported.")
    static final class Import implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Option(names = "--entitlement", required = true, paramLabel = "ID", description = "The pooled entitlement (ent_...).")
        String entitlement;

        @Option(names = "--format", paramLabel = "text|csv",
                description = "How to read the file (default: csv for a .csv file, text otherwise).")
        String format;

        @Parameters(paramLabel = "FILE", description = "UTF-8, up to 10,000 keys and 4 MiB.")
        Path file;

        @Override
        public Integer call() {
            var chosen = format(format, file);
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + Failures.oneLine(Failures.rootMessage(e)));
            }
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var grantor = deployment.grantor();
                var pool = poolOf(grantor, entitlement);
                var report = grantor.keyPools().importFile(pool.pool().businessId(), entitlement.strip(), chosen, content)
                        .getOrElseThrow(error -> new CommandFailure(error.message()));
                print(spec.commandLine().getOut(), report);
            }
            return 0;
        }

        private KeyFileFormat format(String given, Path path) {
            if (given == null) {
                return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? KeyFileFormat.CSV : KeyFileFormat.TEXT;
            }
            return switch (given.strip().toLowerCase(Locale.ROOT)) {
                case "text" -> KeyFileFormat.TEXT;
                case "csv" -> KeyFileFormat.CSV;
                default -> throw new ParameterException(spec.commandLine(), "--format must be text or csv");
            };
        }

        static void print(PrintWriter out, ImportReport report) {
            out.println("imported " + report.imported() + ", duplicates " + report.duplicates() + ", invalid " + report.invalid()
                    + ", fulfilled grants " + report.fulfilledGrants());
            report.results().filter(result -> result.status() != LineStatus.IMPORTED).forEach(result ->
                    out.println(Tsv.row("line " + result.line(), result.status().wire(),
                            result.error().map(Failures::oneLine).getOrElse("-"))));
            out.flush();
        }
    }

    @Command(name = "status", description = "Prints the pool's stock, one field a line: id, entitlement, available, "
            + "assigned, voided, low-stock threshold, waiting grants.")
    static final class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CreateOption create;

        @Option(names = "--entitlement", required = true, paramLabel = "ID", description = "The pooled entitlement (ent_...).")
        String entitlement;

        @Override
        public Integer call() {
            var settings = database.announcedSettings(Creation.ONLY_WITH_FLAG, create.create);
            try (var deployment = Deployment.open(settings)) {
                var view = poolOf(deployment.grantor(), entitlement);
                PrintWriter out = spec.commandLine().getOut();
                out.println("pool\t" + view.pool().id().value());
                out.println("entitlement\t" + view.pool().entitlementId().value());
                out.println("available\t" + view.available());
                out.println("assigned\t" + view.assigned());
                out.println("voided\t" + view.voided());
                out.println("low_stock_threshold\t" + view.pool().lowStockThreshold());
                out.println("waiting_grants\t" + view.waitingGrants());
                out.flush();
            }
            return 0;
        }
    }
}
