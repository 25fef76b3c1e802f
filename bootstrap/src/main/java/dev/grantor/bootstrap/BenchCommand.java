package dev.grantor.bootstrap;

import dev.grantor.bootstrap.bench.LoadRun;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Load against a running server: creates a manual license-key entitlement, issues N "
        + "grants, fulfills them with C concurrent clients, and prints throughput, latency percentiles and errors; or, with "
        + "--operation validate|activate, N license validations of one delivered key, or N activations and their "
        + "deactivations. Mind the server's --rate-limit and --license-rate-limit.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "The server's base URL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key", required = true, paramLabel = "TOKEN", description = "A read-write API key.")
    String apiKey;

    @Option(names = "--grants", defaultValue = "1000", paramLabel = "N",
            description = "Grants to issue and fulfill, or requests of the --operation (default ${DEFAULT-VALUE}).")
    int grants;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "W",
            description = "Grants issued and fulfilled first and not counted, to warm both ends up (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--operation", defaultValue = "fulfill", paramLabel = "OP",
            description = "fulfill, validate or activate (activate also measures the deactivations) (default ${DEFAULT-VALUE}).")
    String operation;

    @Override
    public Integer call() throws InterruptedException {
        if (grants < 1 || concurrency < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--grants and --concurrency must be at least 1, --warmup at least 0");
        }
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("not http");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url must be an http:// or https:// URL");
        }
        LoadRun.Operation op;
        try {
            op = LoadRun.Operation.valueOf(operation.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--operation must be fulfill, validate or activate");
        }
        var plan = new LoadRun.Plan(base, apiKey, grants, concurrency, warmup, op);
        try {
            LoadRun.print(plan, new LoadRun(plan).run(), spec.commandLine().getOut());
        } catch (LoadRun.Refused refused) {
            throw new CommandFailure(refused.getMessage());
        }
        return 0;
    }
}
