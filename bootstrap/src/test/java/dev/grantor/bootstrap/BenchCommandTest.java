package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dataDir;

    @Test
    void a_bench_run_issues_and_fulfills_every_grant_and_reports_both_phases() {
        var database = DatabaseSettings.embedded(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            var result = Cli.run("bench", "--url", service.url().toString(), "--api-key", token, "--grants", "6",
                    "--concurrency", "3", "--warmup", "2");
            assertThat(result.exitCode()).as(result.err()).isZero();
            var lines = result.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("grantor bench: 6 grants, concurrency 3");
            assertThat(lines.get(1)).startsWith("issue").contains("6 requests").contains("p50").contains("p95").contains("p99")
                    .contains("max").endsWith("errors 0");
            assertThat(lines.get(2)).startsWith("fulfill").contains("6 requests").endsWith("errors 0");
            var delivered = new Http(service.url(), token).get("/grants?status=Delivered&page_size=100");
            assertThat(delivered.body().path("items").size()).isEqualTo(8);
        }
    }

    @Test
    void a_validate_run_counts_only_answers_that_the_key_is_valid() {
        var database = DatabaseSettings.embedded(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            var result = Cli.run("bench", "--operation", "validate", "--url", service.url().toString(), "--api-key", token,
                    "--grants", "5", "--concurrency", "2", "--warmup", "1");
            assertThat(result.exitCode()).as(result.err()).isZero();
            var lines = result.out().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("grantor bench: 5 validate requests, concurrency 2");
            assertThat(lines.get(1)).startsWith("validate").contains("5 requests").contains("p99").endsWith("errors 0");
            var delivered = new Http(service.url(), token).get("/grants?status=Delivered&page_size=100");
            assertThat(delivered.body().path("items").size()).as("one key per round, warm-up included").isEqualTo(2);
        }
    }

    @Test
    void an_activate_run_activates_and_then_deactivates_every_instance() {
        var database = DatabaseSettings.embedded(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            var result = Cli.run("bench", "--operation", "activate", "--url", service.url().toString(), "--api-key", token,
                    "--grants", "5", "--concurrency", "2");
            assertThat(result.exitCode()).as(result.err()).isZero();
            var lines = result.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).startsWith("activate").contains("5 requests").endsWith("errors 0");
            assertThat(lines.get(2)).startsWith("deactivate").contains("5 requests").endsWith("errors 0");
            var keys = new Http(service.url(), token).get("/license_keys?page_size=100");
            assertThat(keys.body().path("items").size()).isEqualTo(1);
            assertThat(keys.body().path("items").get(0).path("activations_used").asInt()).as("all deactivated again").isZero();
        }
    }

    @Test
    void an_unknown_operation_is_refused() {
        var result = Cli.run("bench", "--operation", "delete", "--api-key", "x");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("--operation must be fulfill, validate or activate");
    }

    @Test
    void a_key_the_server_refuses_fails_the_bench_in_one_line() {
        var database = DatabaseSettings.embedded(dataDir);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            CliErrorsTest.assertOneLineFailure(Cli.run("bench", "--url", service.url().toString(), "--api-key", "wrong", "--grants", "1"),
                    GrantorCli.FAILURE, "401");
        }
    }
}
