package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every machine-readable code the manual names ({@code `409 GRANT_NOT_PENDING`}, {@code `API_KEY_NAME_TAKEN`}) is one
 * the main sources hold, so a client written from the manual matches on a code the service can answer.
 */
class ManualErrorCodesTest {

    private static final Pattern CODE = Pattern.compile("`(?:[45]\\d\\d )?([A-Z][A-Z0-9]*_[A-Z0-9_]+)`");

    /** Upper-case names in backticks that are no code: variables of the JDK and of Dodo's SDK, a socket option. */
    private static final Set<String> NOT_CODES = Set.of("JAVA_HOME", "JDK_JAVA_OPTIONS", "DODO_PAYMENTS_WEBHOOK_KEY", "TCP_NODELAY");

    @Test
    void every_code_the_manual_names_is_in_the_main_sources() throws IOException {
        Set<String> words = Pattern.compile("[A-Z][A-Z0-9_]+").matcher(mainSources()).results().map(m -> m.group())
                .collect(Collectors.toSet());
        var unknown = new ArrayList<String>();
        for (Path page : ManualLinksTest.pages()) {
            var lines = ManualLinksTest.prose(page);
            for (int n = 0; n < lines.size(); n++) {
                for (String code : CODE.matcher(lines.get(n)).results().map(m -> m.group(1)).toList()) {
                    if (!code.startsWith("GRANTOR_") && !NOT_CODES.contains(code)
                            && !words.contains(code)) {
                        unknown.add(Manual.root().relativize(page) + ":" + (n + 1) + ": " + code);
                    }
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    /** The Java and SQL of every module's src/main, as one text. */
    private static String mainSources() throws IOException {
        var text = new StringBuilder();
        try (Stream<Path> modules = Files.list(Manual.root())) {
            for (Path main : modules.map(module -> module.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    text.append(files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                            .map(ManualErrorCodesTest::read).collect(Collectors.joining("\n")));
                }
            }
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
