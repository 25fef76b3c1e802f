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
    void a_key_the_server_refuses_fails_the_bench_in_one_line() {
        var database = DatabaseSettings.embedded(dataDir);
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            CliErrorsTest.assertOneLineFailure(Cli.run("bench", "--url", service.url().toString(), "--api-key", "wrong", "--grants", "1"),
                    GrantorCli.FAILURE, "401");
        }
    }
}
