package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorsTest {

    @TempDir
    Path dataDir;

    /** One line of failure; before it at most the line that names the database the command was about to use. */
    static void assertOneLineFailure(Cli result, int exitCode, String mentioning) {
        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.out()).isEmpty();
        String failure = result.err().lines()
                .filter(line -> !line.startsWith("grantor: using the database at ") && !line.startsWith("grantor: creating a new database at "))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(failure.strip()).startsWith("grantor: ").contains(mentioning).doesNotContain("\n")
                .doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(result.err().lines().count()).isLessThanOrEqualTo(2);
    }

    @Nested
    class Bad_options {

        @Test
        void an_unknown_option_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("migrate", "--data-dir", dataDir.toString(), "--no-such-option"), GrantorCli.USAGE,
                    "--no-such-option");
        }

        @Test
        void a_missing_required_option_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("businesses", "create", "--data-dir", dataDir.toString()), GrantorCli.USAGE, "--name");
        }

        @Test
        void a_port_that_is_not_a_number_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--port", "eighty"), GrantorCli.USAGE,
                    "--port");
        }

        @Test
        void a_signing_kek_that_is_not_32_bytes_of_base64_is_one_line_and_a_usage_exit_that_never_echoes_it() {
            for (String kek : new String[] {"not base64!", java.util.Base64.getEncoder().encodeToString(new byte[16])}) {
                var result = Cli.run("migrate", "--data-dir", dataDir.toString(), "--signing-kek", kek);
                assertOneLineFailure(result, GrantorCli.USAGE, "--signing-kek");
                assertThat(result.err()).doesNotContain(kek);
            }
        }

        @Test
        void a_missing_database_whose_directory_came_from_the_environment_names_the_variable_once() {
            var result = Cli.run(java.util.Map.of("GRANTOR_DATA_DIR", dataDir.toString()), "outbox", "list");
            assertOneLineFailure(result, GrantorCli.FAILURE, "give GRANTOR_DATA_DIR of the existing one, or --create");
            assertThat(result.err()).doesNotContain("(or GRANTOR_DATA_DIR)");
        }

        @Test
        void a_bad_signing_kek_from_the_environment_names_the_variable_once() {
            var result = Cli.run(java.util.Map.of("GRANTOR_SIGNING_KEK", "not base64!"), "migrate", "--data-dir", dataDir.toString());
            assertOneLineFailure(result, GrantorCli.USAGE, "grantor: GRANTOR_SIGNING_KEK must be 32 random bytes in base64");
            assertThat(result.err()).doesNotContain("not base64!").doesNotContain("--signing-kek");
        }

        @Test
        void an_outbox_page_of_no_messages_is_refused_rather_than_reported_as_an_empty_outbox() {
            assertOneLineFailure(Cli.run("outbox", "list", "--data-dir", dataDir.toString(), "--create", "--page-size", "0"),
                    GrantorCli.USAGE, "--page-size in 1..100");
        }

        @Test
        void a_port_out_of_range_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--port", "70000"), GrantorCli.USAGE,
                    "--port");
        }

        @Test
        void a_database_url_that_is_not_jdbc_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("migrate", "--data-dir", dataDir.toString(), "--db-url", "postgres://localhost/x"),
                    GrantorCli.USAGE, "--db-url");
        }

        @Test
        void a_password_written_into_the_database_url_is_refused_without_being_printed() {
            String url = "jdbc:postgresql://grantor:s3cr3t-pa55@127.0.0.1:1/grantor";
            var given = Cli.run("migrate", "--data-dir", dataDir.toString(), "--db-url", url);
            assertOneLineFailure(given, GrantorCli.USAGE, "--db-url must not hold a user or password");
            assertThat(given.err()).doesNotContain("s3cr3t-pa55");

            var fromEnvironment = Cli.run(java.util.Map.of("GRANTOR_DB_URL", url), "serve", "--data-dir", dataDir.toString());
            assertOneLineFailure(fromEnvironment, GrantorCli.USAGE, "GRANTOR_DB_URL must not hold a user or password");
            assertThat(fromEnvironment.err()).doesNotContain("s3cr3t-pa55");
            assertThat(dataDir).as("refused before anything is opened").isEmptyDirectory();
        }

        @Test
        void a_bad_public_url_is_refused_before_a_database_is_announced_or_created() {
            var result = Cli.run("serve", "--data-dir", dataDir.resolve("new").toString(), "--port", "0", "--public-url", "ftp://x");
            assertOneLineFailure(result, GrantorCli.USAGE, "--public-url must be an absolute http(s) URL");
            assertThat(result.err()).doesNotContain("creating a new database");
            assertThat(dataDir).isEmptyDirectory();
        }

        @Test
        void a_malformed_business_id_is_the_same_line_and_a_usage_exit_from_every_command_that_takes_one() {
            String[][] commands = {{"api-keys", "create"}, {"api-keys", "list"}, {"operators", "add", "--email", "a@example.com"},
                    {"operators", "list"}, {"operators", "remove", "--id", "op_x"}, {"console", "login-link"}, {"grants", "resend", "entg_x"}};
            for (String[] command : commands) {
                var args = new java.util.ArrayList<>(java.util.List.of(command));
                args.addAll(java.util.List.of("--data-dir", dataDir.toString(), "--business", "acme"));
                var result = Cli.run(args.toArray(String[]::new));
                assertOneLineFailure(result, GrantorCli.USAGE, "--business: not a business id (bus_...)");
                assertThat(dataDir).as(String.join(" ", command) + " refuses before it opens a database").isEmptyDirectory();
            }
        }

        @Test
        void a_missing_business_is_a_usage_exit_where_it_is_required() {
            for (String[] command : new String[][] {{"api-keys", "list"}, {"operators", "list"}, {"console", "login-link"}}) {
                var args = new java.util.ArrayList<>(java.util.List.of(command));
                args.addAll(java.util.List.of("--data-dir", dataDir.toString()));
                assertOneLineFailure(Cli.run(args.toArray(String[]::new)), GrantorCli.USAGE, "--business");
            }
        }

        @Test
        void a_malformed_sender_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--mail-from", "nobody"), GrantorCli.USAGE,
                    "--mail-from");
        }

        @Test
        void a_bad_value_from_the_environment_names_the_variable_to_fix() {
            var result = Cli.run(java.util.Map.of("GRANTOR_PORT", "eighty"), "serve", "--data-dir", dataDir.toString());

            assertOneLineFailure(result, GrantorCli.USAGE, "GRANTOR_PORT");
            assertThat(result.err()).contains("eighty").doesNotContain("--port");
        }

        @Test
        void a_bad_value_on_the_command_line_names_the_option_even_when_the_environment_has_one_too() {
            var result = Cli.run(java.util.Map.of("GRANTOR_PORT", "8080"), "serve", "--data-dir", dataDir.toString(), "--port", "eighty");

            assertOneLineFailure(result, GrantorCli.USAGE, "--port");
            assertThat(result.err()).doesNotContain("GRANTOR_PORT");
        }

        /** Logback reads a level it does not know as DEBUG: "WARNING" asked for fewer lines and got the most. */
        @Test
        void a_log_level_logback_does_not_know_is_refused_naming_the_variable_and_the_levels() {
            var result = Cli.run(java.util.Map.of("GRANTOR_LOG_LEVEL", "WARNING"), "businesses", "list",
                    "--data-dir", dataDir.toString());

            assertOneLineFailure(result, GrantorCli.USAGE, "GRANTOR_LOG_LEVEL");
            assertThat(result.err()).contains("'WARNING'").contains("WARN");
            assertThat(Cli.run(java.util.Map.of("GRANTOR_LOG_LEVEL", "warn"), "businesses", "list", "--data-dir",
                    dataDir.toString()).err()).doesNotContain("GRANTOR_LOG_LEVEL");
            assertThat(Cli.run(java.util.Map.of("GRANTOR_LOG_LEVEL", "WARNING"), "serve", "--help").exitCode())
                    .as("help is still shown").isZero();
        }

        @Test
        void a_rule_broken_by_an_environment_value_names_the_variable() {
            var result = Cli.run(java.util.Map.of("GRANTOR_SMTP_TLS", "starttls"), "serve", "--data-dir", dataDir.toString());

            assertOneLineFailure(result, GrantorCli.USAGE, "GRANTOR_SMTP_TLS needs --smtp-host");
        }

        /**
         * email.md: the sender is configured, and every deployment must set it; the embedded default is the pickup
         * directory's only. Mail relayed from {@code no-reply@localhost} is refused or filtered on its way, so the
         * customer never gets the key: a start that would send it is refused, naming the variable it came from.
         */
        @Test
        void an_smtp_host_without_a_sender_is_refused_before_any_email_is_sent_from_localhost() {
            // a serve that started would run until stopped: fail in time instead, on a port nobody else uses
            var given = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> Cli.run("serve", "--data-dir", dataDir.toString(), "--port", "0", "--smtp-host", "smtp.example.com"));
            var fromTheEnvironment = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> Cli.run(java.util.Map.of("GRANTOR_SMTP_HOST", "smtp.example.com"), "serve", "--data-dir",
                            dataDir.toString(), "--port", "0"));

            assertOneLineFailure(given, GrantorCli.USAGE, "--smtp-host needs --mail-from (GRANTOR_MAIL_FROM)");
            assertOneLineFailure(fromTheEnvironment, GrantorCli.USAGE, "GRANTOR_SMTP_HOST needs --mail-from (GRANTOR_MAIL_FROM)");
            assertThat(dataDir).as("refused before it opens a database").isEmptyDirectory();
        }

        @Test
        void smtp_tls_without_an_smtp_host_is_refused() {
            assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--smtp-tls"), GrantorCli.USAGE,
                    "--smtp-tls needs --smtp-host");
            assertOneLineFailure(Cli.run("serve", "--data-dir", dataDir.toString(), "--smtp-tls", "tls"), GrantorCli.USAGE,
                    "--smtp-tls needs --smtp-host");
        }

        @Test
        void no_command_at_all_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run(), GrantorCli.USAGE, "command is required");
        }

        /** An id pasted with a terminal's escape sequence in it (a title change, a colour) is quoted without it. */
        @Test
        void an_argument_quoted_in_a_failure_carries_no_control_character() {
            var result = Cli.run("outbox", "retry", "msg_\u001b]0;owned\u0007x\u001b[31m\tred", "--data-dir", dataDir.toString(),
                    "--create");
            assertOneLineFailure(result, GrantorCli.FAILURE, "outbox message msg_ ]0;owned x [31m red is not a parked message");
            assertThat(result.err().codePoints().filter(cp -> Character.getType(cp) == Character.CONTROL && cp != '\n'))
                    .as("no control character but the line's end").isEmpty();
        }

        @Test
        void a_bench_without_an_api_key_is_one_line_and_a_usage_exit() {
            assertOneLineFailure(Cli.run("bench", "--grants", "10"), GrantorCli.USAGE, "--api-key");
        }
    }

    @Nested
    class Unreachable_places {

        @Test
        void an_unreachable_database_is_one_line_and_a_failure_exit() {
            // port 1 on loopback: nothing listens there, the connection is refused at once
            assertOneLineFailure(Cli.run("businesses", "create", "--name", "Acme", "--data-dir", dataDir.toString(),
                    "--db-url", "jdbc:postgresql://127.0.0.1:1/grantor", "--db-user", "grantor", "--db-password", "secret"),
                    GrantorCli.FAILURE, "127.0.0.1:1");
        }

        @Test
        void an_unknown_database_host_is_named_as_such() {
            assertOneLineFailure(Cli.run("migrate", "--data-dir", dataDir.toString(), "--db-url",
                    "jdbc:postgresql://no-such-host.invalid:5432/grantor", "--db-user", "grantor", "--db-password", "secret"),
                    GrantorCli.FAILURE, "unknown database host no-such-host.invalid");
        }

        @Test
        void the_password_of_an_unreachable_database_is_never_printed() {
            var result = Cli.run("migrate", "--data-dir", dataDir.toString(), "--db-url", "jdbc:postgresql://127.0.0.1:1/grantor",
                    "--db-user", "grantor", "--db-password", "s3cr3t-pa55");
            assertThat(result.exitCode()).isEqualTo(GrantorCli.FAILURE);
            assertThat(result.err()).doesNotContain("s3cr3t-pa55");
        }

        @Test
        void a_port_in_use_is_one_line_and_a_failure_exit() throws Exception {
            try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                var result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                        () -> Cli.run("serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(taken.getLocalPort())));
                assertOneLineFailure(result, GrantorCli.FAILURE, "cannot start the service on 127.0.0.1:" + taken.getLocalPort()
                        + ": ");
            }
        }

        @Test
        void a_data_directory_that_is_a_file_is_named_as_such() throws Exception {
            var file = java.nio.file.Files.createFile(dataDir.resolve("not-a-dir"));
            assertOneLineFailure(Cli.run("businesses", "create", "--name", "Acme", "--data-dir", file.toString()),
                    GrantorCli.FAILURE, file + " is a file, not a directory");
        }

        @Test
        void a_key_file_that_is_not_there_says_so_not_only_its_path() {
            var missing = dataDir.resolve("keys.csv");
            assertOneLineFailure(Cli.run("pool", "import", "--entitlement", "ent_x", "--data-dir", dataDir.toString(),
                    missing.toString()), GrantorCli.FAILURE, "cannot read " + missing + ": " + missing + ": no such file or directory");
        }

        @Test
        void a_server_that_is_not_there_fails_the_bench_in_one_line() {
            assertOneLineFailure(Cli.run("bench", "--url", "http://127.0.0.1:1", "--api-key", "nothing", "--grants", "1"),
                    GrantorCli.FAILURE, "cannot reach");
        }
    }
}
