package dev.grantor.doctests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manual in {@code docs/} as the tests read it: a block is the fenced code right after a
 * {@code <!-- snippet: NAME -->} line, taken verbatim, so what a reader copies is what the tests ran.
 */
final class Manual {

    private static final Pattern FENCE = Pattern.compile("```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    private Manual() {}

    static Path root() {
        return Path.of(System.getProperty("grantor.root", "..")).toAbsolutePath().normalize();
    }

    static String page(String name) {
        try {
            return Files.readString(root().resolve("docs").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String snippet(String page, String name) {
        String text = page(page);
        String marker = "<!-- snippet: " + name + " -->";
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("docs/" + page + " has no block marked " + marker);
        }
        if (text.indexOf(marker, at + 1) >= 0) {
            throw new AssertionError("docs/" + page + " marks two blocks " + marker);
        }
        Matcher fence = FENCE.matcher(text);
        if (!fence.find(at + marker.length()) || !text.substring(at + marker.length(), fence.start()).isBlank()) {
            throw new AssertionError("docs/" + page + ": " + marker + " is not followed by a code block");
        }
        return fence.group(1) + "\n";
    }
}
