package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/adapters.md followed by a stranger: a Maven project outside this build, made of exactly the documented
 * blocks, certifies an adapter (Grantor's SQLite storage) with {@code GrantsContract}. It builds offline, from
 * a private local repository under target/ that holds this build's freshly packaged artifacts (never the
 * user's ~/.m2 copy of dev.grantor) and takes third-party artifacts from the outer build's repository as a
 * file mirror. It fails unless at least one test per contract test method ran: a kit that brings no test
 * engine, or a Surefire that finds nothing, reports success with zero tests.
 */
class AdapterCertificationIT {

    private static final String VERSION = System.getProperty("grantor.version");
    private static final Path ROOT = Manual.root();
    private static final Path WORK = ROOT.resolve("doc-tests/target/adapter-certification");
    private static final List<String> PUBLISHED = List.of(
            "domain:grantor-domain", "application:grantor-application", "hostile-text:grantor-hostile-text",
            "adapter-kit:grantor-adapter-kit", "adapters-persistence:grantor-adapters-persistence");

    @Test
    void an_external_project_built_from_the_documented_snippets_runs_the_grants_contract_on_sqlite() throws Exception {
        deleteRecursively(WORK);
        Path repository = installPrivately(WORK.resolve("repository"));
        Path project = writeProject(WORK.resolve("project"));
        Path settings = Files.writeString(WORK.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>outer-build</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("grantor.outerRepository")).toUri()));

        Path log = WORK.resolve("build.log");
        var maven = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "--offline",
                "-Daether.offline.protocols=file", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "-f", project.resolve("pom.xml").toString(), "test")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
        maven.environment().remove("MAVEN_OPTS");
        Process build = maven.start();
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).as("the external build finished in time").isTrue();
        String output = Files.readString(log);
        assertThat(build.exitValue()).as(output).isZero();

        assertThat(testsRan(output)).as(output).isGreaterThanOrEqualTo(declaredTests("dev.grantor.application.contract.GrantsContract"));
        assertThat(Files.list(repository.resolve("dev/grantor/grantor-adapter-kit/" + VERSION)).map(Path::toString))
                .as("the kit came from this build's private repository").anyMatch(name -> name.endsWith(".jar"));
    }

    /** This build's artifacts, laid out as `mvn install` would, in a repository nobody else reads. */
    private static Path installPrivately(Path repository) throws IOException {
        copy(ROOT.resolve("pom.xml"), repository.resolve("dev/grantor/grantor-parent/" + VERSION + "/grantor-parent-" + VERSION + ".pom"));
        for (String published : PUBLISHED) {
            String module = published.split(":")[0];
            String artifact = published.split(":")[1];
            Path home = repository.resolve("dev/grantor/" + artifact + "/" + VERSION);
            Path jar = ROOT.resolve(module).resolve("target").resolve(artifact + "-" + VERSION + ".jar");
            assertThat(jar).as("packaged by this build before the integration tests").isRegularFile();
            copy(jar, home.resolve(artifact + "-" + VERSION + ".jar"));
            copy(ROOT.resolve(module).resolve("pom.xml"), home.resolve(artifact + "-" + VERSION + ".pom"));
        }
        return repository;
    }

    private static Path writeProject(Path project) throws IOException {
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>my-grantor-adapter</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>21</maven.compiler.release>
                  </properties>
                  <dependencies>
                %s
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.5.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.16.0</version>
                      </plugin>
                %s
                    </plugins>
                  </build>
                </project>
                """.formatted(Manual.snippet("adapters.md", "kit-dependencies"), Manual.snippet("adapters.md", "kit-plugins"));
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), pom);
        Path sources = Files.createDirectories(project.resolve("src/test/java/com/example/grantor"));
        Files.writeString(sources.resolve("SqliteStorageUnderTest.java"), Manual.snippet("adapters.md", "kit-storage-under-test"));
        Files.writeString(sources.resolve("SqliteGrantsContractTest.java"), Manual.snippet("adapters.md", "kit-contract-test"));
        return project;
    }

    private static int testsRan(String output) {
        Matcher summary = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        int ran = -1;
        while (summary.find()) {
            ran = Integer.parseInt(summary.group(1)) - Integer.parseInt(summary.group(4));
        }
        return ran;
    }

    /** Test methods the contract declares, counted in the kit jar this build made; parameterized ones run at least once. */
    @SuppressWarnings("unchecked")
    private static int declaredTests(String contract) throws Exception {
        Path jar = ROOT.resolve("adapter-kit/target/grantor-adapter-kit-" + VERSION + ".jar");
        try (var loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, AdapterCertificationIT.class.getClassLoader())) {
            var test = (Class<? extends Annotation>) loader.loadClass("org.junit.jupiter.api.Test");
            var parameterized = (Class<? extends Annotation>) loader.loadClass("org.junit.jupiter.params.ParameterizedTest");
            int count = 0;
            for (Class<?> type = loader.loadClass(contract); type != null; type = type.getSuperclass()) {
                for (Method method : type.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(test) || method.isAnnotationPresent(parameterized)) {
                        count++;
                    }
                }
            }
            assertThat(count).as("test methods of " + contract).isPositive();
            return count;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.forEach(paths::add);
        }
        paths.reversed().forEach(path -> {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
