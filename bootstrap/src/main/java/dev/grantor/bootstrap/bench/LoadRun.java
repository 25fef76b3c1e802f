package dev.grantor.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A closed-loop load run against a running Grantor server: one manual license-key entitlement, N grants
 * issued, then N fulfillments, each phase driven by C workers that send their next request as soon as the
 * previous one answers. Every figure is measured at the client, HTTP included.
 */
public final class LoadRun {

    /** Where the run points and how hard it pushes. */
    /** {@code warmup} grants go through both phases first, uncounted, so the figures are not of a cold JIT. */
    public record Plan(URI baseUrl, String apiKey, int grants, int concurrency, int warmup) {
        public Plan {
            if (grants < 1 || concurrency < 1 || warmup < 0) {
                throw new IllegalArgumentException("grants and concurrency must be at least 1, warmup at least 0");
            }
        }
    }

    /** The run could not even set itself up: the server refused the entitlement, or was not there. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Plan plan;
    private final HttpClient http;
    private final String runTag;

    public LoadRun(Plan plan) {
        this.plan = plan;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.runTag = Long.toString(System.currentTimeMillis(), 36);
    }

    public record Outcome(Phase issue, Phase fulfill) {}

    public Outcome run() throws InterruptedException {
        String entitlementId = createEntitlement();
        if (plan.warmup() > 0) {
            round(entitlementId, "w", plan.warmup());
        }
        return round(entitlementId, "m", plan.grants());
    }

    /** Issues, then fulfills, {@code grants} grants; {@code round} keeps its keys and payments apart from other rounds'. */
    private Outcome round(String entitlementId, String round, int grants) throws InterruptedException {
        String tag = runTag + round;
        var grantIds = new AtomicReferenceArray<String>(grants);
        Phase issue = drive("issue", grants, index -> {
            HttpResponse<String> response = post("/entitlements/" + entitlementId + "/grants", Map.of(
                    "customer", Map.of("email", "bench-" + tag + "-" + index + "@example.com"),
                    "payment_id", "pay_bench_" + tag + "_" + index));
            if (response.statusCode() / 100 == 2) {
                grantIds.set(index, idOf(response.body()));
            }
            return response.statusCode();
        });
        Phase fulfill = drive("fulfill", grants, index -> {
            String grantId = grantIds.get(index);
            if (grantId == null) {
                return -1;
            }
            return post("/grants/" + grantId + "/license-key",
                    Map.of("key", "BENCH-" + tag.toUpperCase(Locale.ROOT) + "-" + index)).statusCode();
        });
        return new Outcome(issue, fulfill);
    }

    public static void print(Plan plan, Outcome outcome, PrintWriter out) {
        out.printf(Locale.ROOT, "grantor bench: %d grants, concurrency %d, against %s (after %d warm-up grants)%n", plan.grants(),
                plan.concurrency(), plan.baseUrl(), plan.warmup());
        out.println(outcome.issue().summary());
        out.println(outcome.fulfill().summary());
        out.flush();
    }

    private String createEntitlement() {
        HttpResponse<String> response;
        try {
            response = post("/entitlements", Map.of(
                    "name", "bench " + runTag,
                    "integration_type", "license_key",
                    "integration_config", Map.of("fulfillment_mode", "manual")));
        } catch (IOException e) {
            throw new Refused("cannot reach " + plan.baseUrl() + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new Refused("creating the bench entitlement answered " + response.statusCode() + ": " + firstLine(response.body()));
        }
        return idOf(response.body());
    }

    /** One request of a phase; answers the HTTP status, or a negative number when nothing was sent. */
    private interface Step {
        int send(int index) throws IOException, InterruptedException;
    }

    private Phase drive(String name, int total, Step step) throws InterruptedException {
        long[] latencies = new long[total];
        var next = new AtomicInteger();
        var errors = new AtomicInteger();
        IntFunction<Runnable> worker = w -> () -> {
            for (int index = next.getAndIncrement(); index < total; index = next.getAndIncrement()) {
                long started = System.nanoTime();
                int status;
                try {
                    status = step.send(index);
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                latencies[index] = System.nanoTime() - started;
                if (status / 100 != 2) {
                    errors.incrementAndGet();
                }
            }
        };
        long started = System.nanoTime();
        try (var workers = Executors.newFixedThreadPool(plan.concurrency())) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < plan.concurrency(); w++) {
                running.add(workers.submit(worker.apply(w)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a bench worker failed", e.getCause());
                }
            }
        }
        return Phase.of(name, latencies, System.nanoTime() - started, errors.get());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(plan.baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + plan.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String idOf(String body) {
        try {
            JsonNode id = JSON.readTree(body).get("id");
            if (id == null || !id.isTextual()) {
                throw new Refused("the server answered without an id: " + firstLine(body));
            }
            return id.asText();
        } catch (IOException e) {
            throw new Refused("the server answered something that is not JSON: " + firstLine(body));
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
