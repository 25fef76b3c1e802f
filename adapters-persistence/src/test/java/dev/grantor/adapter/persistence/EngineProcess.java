package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine in a child JVM of its own, the one a crash test kills: it runs one of the {@code Crashing…} programs on the
 * store the test names, while the test keeps the database (SQLite's file, or the embedded PostgreSQL server this JVM
 * started), so what the database holds after the kill is exactly what the engine had committed. The child's stdout goes
 * to a file, not a pipe: what it wrote before the kill is in it, and nothing closes it on the test.
 */
final class EngineProcess {

    private final Process process;
    private final Path out;
    private final Path errors;

    private EngineProcess(Process process, Path out, Path errors) {
        this.process = process;
        this.out = out;
        this.errors = errors;
    }

    /** Starts {@code program} on {@code store}, followed by {@code more} arguments; its output goes to {@code dir/name.*}. */
    static EngineProcess start(Path dir, String name, Class<?> program, StorageSettings store, String... more) {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), program.getName(),
                store.jdbcUrl(), store.user(), store.password()));
        command.addAll(Arrays.asList(more));
        Path out = dir.resolve(name + ".out");
        Path errors = dir.resolve(name + ".err");
        try {
            return new EngineProcess(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(errors.toFile()).start(),
                    out, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In the child: the store the test named, from the first three arguments. */
    static StorageSettings store(String[] args) {
        return new StorageSettings(args[0], args[1], args[2], StorageSettings.DEFAULT_POOL_SIZE, true);
    }

    /** In the child: its own arguments, after the store's. */
    static String argument(String[] args, int index) {
        return args[3 + index];
    }

    /** Waits until the child has written {@code count} lines starting with {@code prefix}, or has ended. */
    void awaitLines(String prefix, int count, Duration atMost) {
        await("the child's line " + count + " starting with " + prefix).atMost(atMost).pollInterval(Duration.ofMillis(5))
                .until(() -> !process.isAlive() || lines().stream().filter(line -> line.startsWith(prefix)).count() >= count);
    }

    /** SIGKILL, as {@code kill -9} or the kernel's out-of-memory killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL; " + stderr()).isEqualTo(137);
    }

    /** Waits for the child to end by itself, and answers its exit status. */
    int exit(Duration atMost) throws InterruptedException {
        assertThat(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)).as("the child ended; " + stderr()).isTrue();
        return process.exitValue();
    }

    /**
     * What the child wrote to stdout, a line at a time; a last line cut short by the kill has no end of line and is
     * left out, so a program marks each acknowledgement with a whole line.
     */
    List<String> lines() {
        String written;
        try {
            written = Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var whole = written.substring(0, written.lastIndexOf('\n') + 1);
        return whole.isEmpty() ? List.of() : List.of(whole.split("\n"));
    }

    /** Where to look when the child did not do what the test expected. */
    String stderr() {
        return "its stderr is in " + errors;
    }
}
