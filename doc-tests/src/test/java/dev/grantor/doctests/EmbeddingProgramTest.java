package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host program of docs/embedding.md, compiled exactly as printed against this module's class path, which
 * holds Grantor's main artifacts and nothing of its tests (no test-jar, no adapter kit), then run on real
 * SQLite with the pickup-directory mailer.
 */
class EmbeddingProgramTest {

    @TempDir
    Path work;

    @Test
    void the_documented_program_compiles_against_the_main_artifacts_alone_and_delivers_an_email() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertThat(classPath).as("the example must not see Grantor's test code")
                .noneMatch(entry -> entry.contains("adapter-kit") || entry.contains("-tests.jar") || (entry.contains("test-classes") && !entry.contains("doc-tests")))
                .anyMatch(entry -> entry.contains("application/target/classes") || entry.contains("grantor-application-"));

        Path dataDir = work.resolve("shop-data");
        String printed = compileAndRun("ShopBackend", "embedding-program", dataDir);

        assertThat(dataDir.resolve("grantor.db")).isRegularFile();
        List<Path> emails;
        try (Stream<Path> files = Files.list(dataDir.resolve("mail"))) {
            emails = files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
        assertThat(emails).singleElement().satisfies(email -> {
            assertThat(Files.readString(email)).contains("ACME-PRO-0001").contains("ada@example.com");
            // Logback without a configuration also logs to standard output, around the program's own line
            assertThat(printed.lines())
                    .contains(email.getFileName().toString().replace(".eml", "") + " Delivered");
        });
    }

    /**
     * The second program of the page: what the API and the console do (customers with a seen contact, a customer's
     * entitlements, webhook headers and secret rotation, operators and their access history, a change in the audit
     * trail, portal links), through the engine alone.
     */
    @Test
    void the_documented_administration_program_reaches_what_the_api_and_the_console_do() throws Exception {
        String printed = compileAndRun("ShopAdmin", "embedding-administration", work.resolve("admin-data"));

        assertThat(printed.lines()).contains(
                "customer Bo Smith +44 20 7946 0000",
                "entitlements 1",
                "headers X-Region,X-Shop withheld Authorization",
                "secret true",
                "history changed an operator's role; added an operator",
                "trail changed the customer: phone number removed",
                "portal true");
    }

    /**
     * Compiles the block exactly as printed against this module's class path (main artifacts only), with every lint
     * warning an error, then runs its {@code main} on {@code dataDir} and answers what it printed.
     */
    private String compileAndRun(String className, String snippet, Path dataDir) throws Exception {
        Path sources = Files.createDirectories(work.resolve("src-" + snippet));
        Path classes = Files.createDirectories(work.resolve("classes-" + snippet));
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        Path program = Files.writeString(sources.resolve(className + ".java"), Manual.snippet("embedding.md", snippet));
        var diagnostics = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "-Xlint:all", "-Werror", "-proc:none", "-d", classes.toString(),
                "-cp", String.join(File.pathSeparator, classPath.stream().filter(entry -> Files.exists(Path.of(entry))).toList()),
                program.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        var printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        try (var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {dataDir.toString()});
        } finally {
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_documented_dependencies_are_main_artifacts_with_an_slf4j_provider() {
        String dependencies = Manual.snippet("embedding.md", "embedding-dependencies");
        assertThat(dependencies)
                .contains("<artifactId>grantor-application</artifactId>")
                .contains("<artifactId>grantor-adapters-persistence</artifactId>")
                .contains("<artifactId>grantor-adapters-mail</artifactId>")
                .contains("<artifactId>logback-classic</artifactId>")
                .doesNotContain("adapter-kit")
                .doesNotContain("test-jar")
                .contains("<version>" + System.getProperty("grantor.version", "0.1.0-SNAPSHOT") + "</version>");
    }
}
