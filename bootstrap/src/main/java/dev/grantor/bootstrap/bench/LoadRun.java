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

    /**
     * What the measured requests do. {@code FULFILL}: issue N grants, then fulfill them. {@code VALIDATE}: N validations
     * of one delivered key (the call installed software makes at every start). {@code ACTIVATE}: N activations spread
     * over delivered keys, at most {@value #ACTIVATIONS_PER_KEY} each, then the N deactivations of those instances.
     */
    public enum Operation { FULFILL, VALIDATE, ACTIVATE }

    /** A key's instances are rewritten with each activation, so a run that stacked all on one key would measure that. */
    static final int ACTIVATIONS_PER_KEY = 20;

    /**
     * Where the run points and how hard it pushes. {@code warmup} requests go through the same phases first, uncounted,
     * so the figures are not of a cold JIT.
     */
    public record Plan(URI baseUrl, String apiKey, int grants, int concurrency, int warmup, Operation operation) {
        public Plan {
            if (grants < 1 || concurrency < 1 || warmup < 0 || operation == null) {
                throw new IllegalArgumentException("grants and concurrency must be at least 1, warmup at least 0");
            }
        }

        public Plan(URI baseUrl, String apiKey, int grants, int concurrency, int warmup) {
            this(baseUrl, apiKey, grants, concurrency, warmup, Operation.FULFILL);
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

    /** The measured phases, in the order they ran. */
    public record Outcome(List<Phase> phases) {
        public Outcome(Phase issue, Phase fulfill) {
            this(List.of(issue, fulfill));
        }
    }

    public Outcome run() throws InterruptedException {
        String entitlementId = createEntitlement();
        if (plan.warmup() > 0) {
            round(entitlementId, "w", plan.warmup());
        }
        return round(entitlementId, "m", plan.grants());
    }

    private Outcome round(String entitlementId, String round, int requests) throws InterruptedException {
        return switch (plan.operation()) {
            case FULFILL -> fulfillRound(entitlementId, round, requests);
            case VALIDATE -> validateRound(entitlementId, round, requests);
            case ACTIVATE -> activateRound(entitlementId, round, requests);
        };
    }

    private Outcome validateRound(String entitlementId, String round, int requests) throws InterruptedException {
        String key = deliveredKeys(entitlementId, round, 1)[0];
        String body = json(Map.of("license_key", key));
        return new Outcome(List.of(drive("validate", requests, index -> {
            HttpResponse<String> response = postJson("/licenses/validate", body);
            // a refused or invalid key must not pass for a fast validation
            return response.statusCode() == 200 && response.body().contains("\"valid\":true") ? 200 : -response.statusCode();
        })));
    }

    private Outcome activateRound(String entitlementId, String round, int requests) throws InterruptedException {
        String[] keys = deliveredKeys(entitlementId, round, (requests + ACTIVATIONS_PER_KEY - 1) / ACTIVATIONS_PER_KEY);
        var instances = new AtomicReferenceArray<String>(requests);
        Phase activate = drive("activate", requests, index -> {
            HttpResponse<String> response = postJson("/licenses/activate", json(Map.of(
                    "license_key", keys[index % keys.length], "name", "bench-" + round + "-" + index)));
            if (response.statusCode() / 100 == 2) {
                instances.set(index, idOf(response.body()));
            }
            return response.statusCode();
        });
        Phase deactivate = drive("deactivate", requests, index -> {
            String instance = instances.get(index);
            if (instance == null) {
                return -1;
            }
            return postJson("/licenses/deactivate", json(Map.of(
                    "license_key", keys[index % keys.length], "license_key_instance_id", instance))).statusCode();
        });
        return new Outcome(List.of(activate, deactivate));
    }

    /** {@code count} grants issued and fulfilled one after the other (setup, not measured); answers their keys. */
    private String[] deliveredKeys(String entitlementId, String round, int count) {
        String tag = runTag + round;
        var keys = new String[count];
        for (int i = 0; i < count; i++) {
            try {
                HttpResponse<String> issued = post("/entitlements/" + entitlementId + "/grants", Map.of(
                        "customer", Map.of("email", "bench-" + tag + "-k" + i + "@example.com"),
                        "payment_id", "pay_bench_" + tag + "_k" + i));
                requireSuccess("issuing a grant", issued);
                keys[i] = "BENCH-" + tag.toUpperCase(Locale.ROOT) + "-K" + i;
                requireSuccess("fulfilling a grant", post("/grants/" + idOf(issued.body()) + "/license-key", Map.of("key", keys[i])));
            } catch (IOException e) {
                throw new Refused("cannot reach " + plan.baseUrl() + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refused("interrupted");
            }
        }
        return keys;
    }

    private static void requireSuccess(String what, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new Refused(what + " answered " + response.statusCode() + ": " + firstLine(response.body()));
        }
    }

    /** Issues, then fulfills, {@code grants} grants; {@code round} keeps its keys and payments apart from other rounds'. */
    private Outcome fulfillRound(String entitlementId, String round, int grants) throws InterruptedException {
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
        if (plan.operation() == Operation.FULFILL) {
            out.printf(Locale.ROOT, "grantor bench: %d grants, concurrency %d, against %s (after %d warm-up grants)%n", plan.grants(),
                    plan.concurrency(), plan.baseUrl(), plan.warmup());
        } else {
            out.printf(Locale.ROOT, "grantor bench: %d %s requests, concurrency %d, against %s (after %d warm-up requests)%n",
                    plan.grants(), plan.operation().name().toLowerCase(Locale.ROOT), plan.concurrency(), plan.baseUrl(), plan.warmup());
        }
        outcome.phases().forEach(phase -> out.println(phase.summary()));
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

    /** The public license endpoints: the key in the body is the credential, no API key is sent. */
    private HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(plan.baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
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
