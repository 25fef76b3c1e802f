package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command in its own process, with the logging configuration it ships: what PostgreSQL's driver logs through
 * java.util.logging reaches stderr as a line of Grantor's log, not as the JDK's two-line console format beside it.
 */
class DriverLogLinesTest {

    @TempDir
    Path dataDir;

    @Test
    void a_driver_warning_is_one_line_of_the_log_before_the_commands_one_line_failure() throws Exception {
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + GrantorCli.class.getResource("/logback.xml"),
                GrantorCli.class.getName(), "migrate", "--data-dir", dataDir.toString(),
                // the driver warns "JDBC URL invalid port number: abc", then finds no driver for the URL
                "--db-url", "jdbc:postgresql://127.0.0.1:abc/grantor");
        builder.environment().keySet().removeIf(name -> name.startsWith("GRANTOR_"));
        var command = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(command.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(command.exitValue()).isEqualTo(GrantorCli.FAILURE);
        assertThat(stderr.lines()).as(stderr).hasSize(3).allSatisfy(line -> assertThat(line).matches(
                "grantor: .*|\\d{4}-\\d\\d-\\d\\dT\\S+ (WARN|ERROR) .*"));
        assertThat(stderr).contains("WARN ").contains("invalid port number: abc").doesNotContain("WARNING:");
    }
}
