package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/operations.md against the command tree itself: its configuration table names every option of
 * {@code serve} with its variable, and no option that is not there; its command table names every command. The
 * page had fallen behind the CLI (four options and five commands missing) while the README's copy kept up. And the
 * whole manual (README.md, docs/*.md) against it: every {@code grantor} command it writes exists, every option it
 * writes after a command is one of that command's, every option of every command is written somewhere, and the
 * configuration tables give the defaults {@code --help} gives.
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

    /** Options of other programs the manual shows: java's, git's, and the starter page's {@code --smtp-*} family. */
    private static final Set<String> FOREIGN = Set.of("--enable-native-access", "--stat", "--smtp-");

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Pattern COMMAND = Pattern.compile("(?:^|[\\s$(`])(?:\\./|/\\S*/)?grantor\\s+([a-z][a-z-]*)(?:\\s+([a-z][a-z-]*))?");

    /** One place where the manual writes a command with its options: a code line, a table cell or a code span. */
    record Passage(String where, String text) {}

    @Test
    void every_command_the_manual_writes_exists_with_the_options_written_after_it() throws IOException {
        var tree = GrantorCli.commandLine(Map.of());
        var commands = commandOptions(tree);
        var everyOption = new HashSet<String>();
        commands.values().forEach(everyOption::addAll);
        var wrong = new ArrayList<String>();
        for (Passage passage : manualPassages()) {
            for (String option : OPTION.matcher(passage.text()).results().map(m -> m.group()).toList()) {
                if (!everyOption.contains(option) && !FOREIGN.contains(option)) {
                    wrong.add(passage.where() + ": " + option + " is no option of any command");
                }
            }
            var invocations = COMMAND.matcher(passage.text()).results().toList();
            for (int i = 0; i < invocations.size(); i++) {
                var invocation = invocations.get(i);
                String first = invocation.group(1);
                String second = invocation.group(2);
                var group = tree.getSubcommands().get(first);
                if (group == null || first.equals("help")) {
                    wrong.add(passage.where() + ": grantor " + first + " is no command");
                    continue;
                }
                String command;
                if (group.getSubcommands().isEmpty()) {
                    command = first;
                } else if (second == null) {
                    continue;
                } else if (!group.getSubcommands().containsKey(second)) {
                    wrong.add(passage.where() + ": grantor " + first + " " + second + " is no command");
                    continue;
                } else {
                    command = first + " " + second;
                }
                int end = i + 1 < invocations.size() ? invocations.get(i + 1).start() : passage.text().length();
                for (String option : OPTION.matcher(passage.text().substring(invocation.end(), end)).results().map(m -> m.group()).toList()) {
                    if (!commands.get(command).contains(option) && !FOREIGN.contains(option)) {
                        wrong.add(passage.where() + ": grantor " + command + " has no " + option);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_option_of_every_command_is_written_in_the_manual_after_its_command() throws IOException {
        var tree = GrantorCli.commandLine(Map.of());
        var commands = commandOptions(tree);
        var written = new HashMap<String, Set<String>>();
        for (Passage passage : manualPassages()) {
            var invocations = COMMAND.matcher(passage.text()).results().toList();
            for (int i = 0; i < invocations.size(); i++) {
                var invocation = invocations.get(i);
                String command = invocation.group(2) == null ? invocation.group(1) : invocation.group(1) + " " + invocation.group(2);
                if (!commands.containsKey(command)) {
                    command = invocation.group(1);
                }
                int end = i + 1 < invocations.size() ? invocations.get(i + 1).start() : passage.text().length();
                String key = command;
                OPTION.matcher(passage.text().substring(invocation.end(), end)).results()
                        .forEach(m -> written.computeIfAbsent(key, k -> new HashSet<>()).add(m.group()));
            }
        }
        for (String path : List.of("README.md", "docs/operations.md")) {
            for (String row : configurationRows(page(path))) {
                OPTION.matcher(row.split("\\|")[1]).results().forEach(m -> written.computeIfAbsent("serve", k -> new HashSet<>()).add(m.group()));
            }
        }
        // every data command takes serve's database options, and --create is explained once for all that take it
        var shared = new HashSet<>(commands.get("migrate"));
        shared.add("--create");
        var missing = new ArrayList<String>();
        commands.forEach((command, options) -> options.stream()
                .filter(option -> command.equals("serve") || !shared.contains(option))
                .filter(option -> !written.getOrDefault(command, Set.of()).contains(option))
                .forEach(option -> missing.add("grantor " + command + " " + option)));
        assertThat(missing).as("options no page of the manual writes after their command").isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"docs/operations.md", "README.md"})
    void the_configuration_table_gives_each_option_the_default_of_its_help(String path) throws IOException {
        var serve = GrantorCli.commandLine(Map.of()).getSubcommands().get("serve").getCommandSpec();
        var wrong = new ArrayList<String>();
        for (String row : configurationRows(page(path))) {
            String[] cells = row.split("(?<!\\\\)\\|");
            var option = OPTION.matcher(cells[1]);
            var documented = Pattern.compile("^\\s*`([^`]+)`").matcher(cells[3]);
            while (option.find()) {
                var spec = serve.findOption(option.group());
                if (spec != null && spec.defaultValue() != null && documented.find(0) && !documented.group(1).equals(spec.defaultValue())) {
                    wrong.add(option.group() + ": " + documented.group(1) + " in the table, " + spec.defaultValue() + " in --help");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A portal link without --public-url names the merchant request's Host (as the tables say); --help said loopback. */
    @Test
    void serve_help_says_what_public_url_is_the_base_of_as_the_configuration_table_does() {
        String help = GrantorCli.commandLine(Map.of()).getSubcommands().get("serve").getCommandSpec()
                .findOption("--public-url").description()[0];

        assertThat(help).contains("console's emailed sign-in links").contains("customer portal links")
                .contains("links name the loopback address and the port; never a request's Host header");
    }

    /**
     * Names the manual gives that no option maps to, each read where the manual says: the reader's own variable in the
     * SDK example, and the Spring Boot starter's relaxed names of {@code grantor.web.public-url} and {@code .rate-limit}.
     */
    private static final Set<String> READ_ELSEWHERE = Set.of("GRANTOR_API_KEY", "GRANTOR_WEB_PUBLIC_URL", "GRANTOR_WEB_RATE_LIMIT");

    @Test
    void every_environment_variable_the_manual_names_is_read() throws IOException {
        var read = new HashSet<String>(READ_ELSEWHERE);
        EnvironmentDefaults.CONFIGURATION.forEach(option -> read.add(EnvironmentDefaults.variableFor(option)));
        read.add(dev.grantor.bootstrap.logging.ConsoleLog.LEVEL_VARIABLE);
        String findJdk = page("bin/find-jdk");
        var unread = new ArrayList<String>();
        for (Passage passage : manualPassages()) {
            Pattern.compile("\\bGRANTOR_[A-Z0-9_]*[A-Z0-9]\\b").matcher(passage.text()).results().map(m -> m.group())
                    .filter(name -> !read.contains(name) && !Pattern.compile("\\$\\{" + name + "[:}]").matcher(findJdk).find())
                    .forEach(name -> unread.add(passage.where() + ": " + name));
        }
        assertThat(unread).as("variables no code reads").isEmpty();
    }

    /** Each leaf command ("api-keys create") with its long option names, without --help and --version. */
    static Map<String, Set<String>> commandOptions(CommandLine tree) {
        var options = new HashMap<String, Set<String>>();
        for (String qualified : leafCommands(tree)) {
            String command = qualified.replaceFirst("^grantor ", "");
            CommandLine leaf = tree;
            for (String word : command.split(" ")) {
                leaf = leaf.getSubcommands().get(word);
            }
            var names = new HashSet<String>();
            leaf.getCommandSpec().options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).forEach(o -> names.add(o.longestName()));
            options.put(command, names);
        }
        return options;
    }

    /** README.md and docs/*.md cut into code lines (a continued line joined), table cells and code spans. */
    static List<Passage> manualPassages() throws IOException {
        var passages = new ArrayList<Passage>();
        Path root = Path.of(System.getProperty("grantor.root", ".."));
        List<Path> pages;
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            pages = Stream.concat(Stream.of(root.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md")).sorted()).toList();
        }
        for (Path page : pages) {
            boolean fenced = false;
            var code = new StringBuilder();
            var lines = Files.readAllLines(page);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                String where = root.relativize(page) + ":" + (n + 1);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                } else if (fenced) {
                    code.append(line.replaceFirst("\\\\$", "")).append(' ');
                    if (!line.endsWith("\\")) {
                        passages.add(new Passage(where, code.toString()));
                        code.setLength(0);
                    }
                } else if (line.startsWith("|")) {
                    for (String cell : line.split("(?<!\\\\)\\|")) {
                        passages.add(new Passage(where, cell));
                    }
                } else {
                    Pattern.compile("`([^`]+)`").matcher(line).results().forEach(span -> passages.add(new Passage(where, span.group(1))));
                }
            }
        }
        return passages;
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
