package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/operations.md against the command tree itself: its configuration table names every option of
 * {@code serve} with its variable, and no option that is not there; its command table names every command. The
 * page had fallen behind the CLI (four options and five commands missing) while the README's copy kept up.
 */
class OperationsManualTest {

    private static final Pattern TABLE_OPTION = Pattern.compile("^\\| `(--[a-z-]+)");

    static String page() throws IOException {
        return page("docs/operations.md");
    }

    static String page(String path) throws IOException {
        return Files.readString(Path.of(System.getProperty("grantor.root", "..")).resolve(path));
    }

    static List<String> serveOptions() {
        var serve = GrantorCli.commandLine(Map.of()).getSubcommands().get("serve").getCommandSpec();
        return serve.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).map(o -> o.longestName()).toList();
    }

    /** Every row of the configuration table, with each option named in its first cell ({@code --db-user}, {@code --db-password}). */
    static List<String> configurationRows(String page) {
        return page.lines().filter(line -> TABLE_OPTION.matcher(line).find() && line.contains("`GRANTOR_")).toList();
    }

    /** The README's Configuration section keeps a copy of the table: both are held to the command tree. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"docs/operations.md", "README.md"})
    void the_configuration_table_has_a_row_for_every_option_of_serve_with_its_variable(String path) throws IOException {
        var rows = configurationRows(page(path));
        for (String option : serveOptions()) {
            assertThat(rows).as("a row for " + option).anySatisfy(row -> {
                String firstCell = row.split("\\|")[1];
                assertThat(firstCell).containsPattern("`" + Pattern.quote(option) + "(`|\\[)");
                assertThat(row).contains("`" + EnvironmentDefaults.variableFor(option) + "`");
            });
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"docs/operations.md", "README.md"})
    void the_configuration_table_names_no_option_serve_does_not_take(String path) throws IOException {
        var documented = new ArrayList<String>();
        for (String row : configurationRows(page(path))) {
            var option = Pattern.compile("`(--[a-z-]+)").matcher(row.split("\\|")[1]);
            while (option.find()) {
                documented.add(option.group(1));
            }
        }
        assertThat(serveOptions()).containsAll(documented);
    }

    @Test
    void the_command_table_names_every_command() throws IOException {
        String page = page();
        for (String command : leafCommands(GrantorCli.commandLine(Map.of()))) {
            assertThat(page).as(command).contains("| `" + command);
        }
    }

    private static List<String> leafCommands(CommandLine command) {
        var leaves = new ArrayList<String>();
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            if (sub.getSubcommands().isEmpty()) {
                leaves.add(sub.getCommandSpec().qualifiedName(" "));
            } else {
                leaves.addAll(leafCommands(sub));
            }
        });
        return leaves;
    }
}
