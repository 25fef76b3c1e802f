package dev.grantor.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as a container runtime would see it, read from the tar the build wrote: its configuration (user,
 * ports, environment, entry point, health check) and its layers unpacked into a root file system, in which the
 * entry point is then started the way a runtime starts it: as the image's user, with the image's environment and
 * nothing from the machine but the kernel (as root the test confines it with chroot and a fresh /proc).
 */
class ContainerImageTest {

    static final Path TAR = Path.of("target", "grantor-image.tar");

    @TempDir
    static Path unpacked;

    static final Path COMPOSE = Path.of("..", "docs", "compose.yaml");

    static Path root;
    static JsonNode manifest;
    static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TAR).as("the image tar the build wrote").exists();
        Path archive = unpacked.resolve("archive");
        Files.createDirectories(archive);
        run(List.of("tar", "-xf", TAR.toAbsolutePath().toString(), "-C", archive.toString()));
        var json = new ObjectMapper();
        manifest = json.readTree(archive.resolve("manifest.json").toFile()).get(0);
        config = json.readTree(archive.resolve(manifest.get("Config").asText()).toFile());
        root = unpacked.resolve("root");
        Files.createDirectories(root);
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "-xzf", archive.resolve(layer.asText()).toString(), "-C", root.toString()));
        }
    }

    private static void run(List<String> command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void runs_as_an_unprivileged_user_on_port_8080_configured_only_by_grantor_variables() {
        JsonNode container = config.get("config");
        assertThat(container.get("User").asText()).isEqualTo("10001:10001");
        assertThat(container.get("ExposedPorts").has("8080/tcp")).isTrue();
        var env = new ArrayList<String>();
        container.get("Env").forEach(variable -> env.add(variable.asText()));
        assertThat(env).containsExactlyInAnyOrder("GRANTOR_HOST=0.0.0.0", "GRANTOR_PORT=8080", "GRANTOR_DATA_DIR=/data");
        assertThat(container.get("WorkingDir").asText()).isEqualTo("/data");
    }

    @Test
    void starts_the_service_jar_with_the_images_own_java_and_checks_health_on_ready() {
        JsonNode container = config.get("config");
        assertThat(strings(container.get("Entrypoint"))).startsWith("/opt/java/bin/java").endsWith("-jar", "/app/grantor.jar");
        assertThat(strings(container.get("Cmd"))).containsExactly("serve");
        JsonNode health = container.get("Healthcheck");
        assertThat(health).as("health check").isNotNull();
        assertThat(strings(health.get("Test"))).startsWith("CMD", "/opt/java/bin/java").endsWith("dev.grantor.image.ReadyProbe");
    }

    @Test
    void holds_a_jre_the_c_library_and_the_jar_and_no_shell() {
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
        assertThat(root.resolve("app/grantor.jar")).isRegularFile();
        assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).isRegularFile();
        assertThat(root.resolve("lib/x86_64-linux-gnu/libc.so.6")).isRegularFile();
        assertThat(root.resolve("etc/passwd")).content().contains("grantor:x:10001:10001");
        assertThat(root.resolve("app/classes/dev/grantor/image/ReadyProbe.class")).isRegularFile();
        assertThat(root.resolve("bin/sh")).doesNotExist();
    }

    @Test
    void the_entrypoint_serves_and_ready_answers_200() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> entrypoint = new ArrayList<>(strings(config.get("config").get("Entrypoint")));
        entrypoint.addAll(strings(config.get("config").get("Cmd")));
        Map<String, String> environment = new HashMap<>();
        config.get("config").get("Env").forEach(variable -> {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair[1]);
        });
        // the only changes a test needs: loopback, and a free port instead of 8080
        environment.put("GRANTOR_HOST", "127.0.0.1");
        environment.put("GRANTOR_PORT", Integer.toString(port));

        List<String> command = confined(entrypoint);
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(unpacked.resolve("service.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process service = builder.start();
        try {
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(5)).build();
            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (status != 200 && service.isAlive() && System.nanoTime() < deadline) {
                try {
                    status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertThat(status).as("GET /ready; the service said: " + Files.readString(unpacked.resolve("service.log")))
                    .isEqualTo(200);

            if (isRoot()) {
                // the image's own health check, run in the image as the runtime would, against the running service
                var probe = new ProcessBuilder(confined(strings(config.get("config").get("Healthcheck").get("Test")).subList(1,
                        strings(config.get("config").get("Healthcheck").get("Test")).size()))).redirectErrorStream(true);
                probe.environment().clear();
                probe.environment().putAll(environment);
                Process check = probe.start();
                assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
            }
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            // confined, the service runs in a PID namespace of its own, and stopping unshare does not stop it
            for (ProcessHandle left : runningInsideTheImage()) {
                left.destroy();
                if (left.onExit().completeOnTimeout(left, 30, TimeUnit.SECONDS).join().isAlive()) {
                    left.destroyForcibly();
                }
            }
        }
    }

    @Test
    void the_health_check_fails_when_nothing_answers_on_ready() throws Exception {
        int unused;
        try (var socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        List<String> test = strings(config.get("config").get("Healthcheck").get("Test"));
        var probe = new ProcessBuilder(confined(test.subList(1, test.size()))).redirectErrorStream(true);
        probe.environment().clear();
        probe.environment().put("GRANTOR_PORT", Integer.toString(unused));
        Process check = probe.start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isEqualTo(1);
    }

    /**
     * docs/compose.yaml: PostgreSQL and two nodes of exactly this image, configured by GRANTOR_* variables alone (no
     * command or entry point of their own), each variable one the image's {@code serve} reads, and the image's own
     * health check (GET /ready) left in place.
     */
    @Test
    void the_compose_example_runs_this_image_twice_on_postgresql_configured_only_by_grantor_variables() throws Exception {
        JsonNode services;
        try (var reader = Files.newBufferedReader(COMPOSE)) {
            // SnakeYAML resolves the example's merge key (<<: *grantor), which Jackson's YAML reader leaves as it is
            Object parsed = new org.yaml.snakeyaml.Yaml().load(reader);
            services = new ObjectMapper().valueToTree(parsed).get("services");
        }
        String image = manifest.get("RepoTags").get(0).asText();
        var names = new ArrayList<String>();
        services.properties().forEach(service -> names.add(service.getKey()));
        var nodes = names.stream().filter(name -> services.get(name).path("image").asText().equals(image)).toList();
        var databases = names.stream().filter(name -> services.get(name).path("image").asText().startsWith("postgres:")).toList();
        assertThat(nodes).as("services running " + image).hasSize(2);
        assertThat(databases).as("PostgreSQL").hasSize(1);
        assertThat(names).hasSize(3);
        String database = databases.getFirst();
        assertThat(strings(services.get(database).get("healthcheck").get("test"))).contains("pg_isready");

        String options = serveOptions();
        var hostPorts = new ArrayList<String>();
        for (String name : nodes) {
            JsonNode node = services.get(name);
            assertThat(node.has("command") || node.has("entrypoint")).as(name + " overrides nothing of the image's start").isFalse();
            assertThat(node.has("healthcheck")).as(name + " keeps the image's health check on /ready").isFalse();
            assertThat(node.get("depends_on").get(database).get("condition").asText()).isEqualTo("service_healthy");
            var variables = new ArrayList<String>();
            node.get("environment").properties().forEach(variable -> variables.add(variable.getKey()));
            assertThat(variables).as(name).isNotEmpty().allMatch(variable -> variable.startsWith("GRANTOR_"));
            assertThat(node.get("environment").get("GRANTOR_DB_URL").asText()).startsWith("jdbc:postgresql://" + database + ":5432/");
            for (String variable : variables) {
                String option = "--" + variable.substring("GRANTOR_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                assertThat(Pattern.compile("(?m)" + Pattern.quote(option) + "\\b").matcher(options).find())
                        .as(name + ": " + variable + " is " + option + " of serve").isTrue();
            }
            var ports = strings(node.get("ports"));
            assertThat(ports).singleElement().asString().endsWith(":8080");
            hostPorts.add(ports.getFirst().split(":")[0]);
        }
        assertThat(hostPorts).doesNotHaveDuplicates();
        strings(config.get("config").get("Env")).forEach(variable -> {
            String option = "--" + variable.substring("GRANTOR_".length(), variable.indexOf('=')).toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-');
            assertThat(options).as("the image's " + variable).contains(option);
        });
    }

    /** What {@code serve --help} of the image's jar lists, run by the image's own JRE. */
    private static String serveOptions() throws Exception {
        var help = new ProcessBuilder(confined(List.of("/opt/java/bin/java", "-jar", "/app/grantor.jar", "serve", "--help")))
                .redirectErrorStream(true);
        help.environment().clear();
        Process process = help.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("--db-url");
        return output;
    }

    /** Processes whose root directory is the unpacked image: what the confined entry point started. */
    private static List<ProcessHandle> runningInsideTheImage() throws IOException {
        Path image = root.toRealPath();
        return ProcessHandle.allProcesses().filter(process -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "root")).equals(image);
            } catch (IOException | UnsupportedOperationException | SecurityException gone) {
                return false;
            }
        }).toList();
    }

    /**
     * As root: inside the unpacked image with chroot (its C library, its user), with a /proc of its own mounted in a
     * private mount and process namespace, as a container has. Otherwise the image's own JRE and jar on this machine.
     */
    private static List<String> confined(List<String> command) {
        if (isRoot()) {
            var confined = new ArrayList<>(List.of(systemTool("unshare"), "--fork", "--pid", "--mount",
                    "--mount-proc=" + root.resolve("proc"), systemTool("chroot"),
                    "--userspec=" + config.get("config").get("User").asText(), root.toString()));
            confined.addAll(command);
            return confined;
        }
        return command.stream().map(part -> part.startsWith("/opt/") || part.startsWith("/app/")
                ? root.resolve(part.substring(1)).toString() : part).toList();
    }

    /** The environment is the image's alone, without a PATH: the confining tools are named by their full path. */
    private static String systemTool(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " (util-linux, coreutils) is needed to start the image's entry point confined");
    }

    private static boolean isRoot() {
        try {
            var process = new ProcessBuilder("id", "-u").start();
            return new String(process.getInputStream().readAllBytes()).trim().equals("0") && process.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
