package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser tests' sources hold none of the calls that act on a page and come back before what they set off has
 * happened: a read after one reads the old page, or a page in flux, and fails once in a while on a loaded machine (as
 * session 38's last CI did: Enter sent through a bare {@code sendKeys}, then {@code h1} looked up mid-swap). Each has a
 * {@link Browser} method that waits for the next page, the toggle or the width. Only the code is read: strings (the
 * page's own scripts) and comments are blanked first, keeping only whether a string ends in a line break (Enter).
 */
class BrowserTestSourcesTest {

    static final Path SOURCES = Path.of("src/test/java");
    static final Path FIXTURE = Path.of("src/test/resources/browser-traps/RacyInBrowserTest.java.txt");

    /** A call that races the page, and the waiting way to do what it does. */
    record Trap(String name, Pattern code, String instead) {}

    static final List<Trap> TRAPS = List.of(
            new Trap("a bare click", Pattern.compile("\\.click\\(\\s*\\)"),
                    "browser.submit(element) for a link or a button that leads to another page, browser.toggle(summary) for a"
                            + " <details>, or a Browser method that waits for what the click changes"),
            new Trap("a form's submit()", Pattern.compile("\\.submit\\(\\s*\\)"), "browser.submit(button)"),
            new Trap("keys that may submit or follow a link", Pattern.compile(
                    "\\b(?:sendKeys|press)\\s*\\([^;]*?(?:Keys\\s*\\.\\s*(?:ENTER|RETURN|SPACE)\\b|\"\\\\n\")"),
                    "browser.submitWithKeys(field, keys) or browser.pressForNextPage(key)"),
            new Trap("a navigation by the driver", Pattern.compile("\\.navigate\\(\\s*\\)|\\bdriver\\(\\)\\s*\\.\\s*get\\("),
                    "browser.go(url), or a Browser method that waits for the page"),
            new Trap("a fixed sleep", Pattern.compile("\\bsleep\\s*\\("),
                    "a wait for what the page shows (Browser's waits), never for a time"),
            new Trap("a window resized by hand", Pattern.compile("\\.setSize\\s*\\("),
                    "browser.atWidth(width, look), which waits until the page has the width"));

    /**
     * What a page's script does that races the page as the calls above do, hidden from them in a string: a click, a
     * form's submit, a navigation. Refused in every string of a browser test (a script may be built in a constant
     * before it is run) but those given to a {@link Browser} method that waits for what the script sets off.
     */
    static final List<Trap> SCRIPT_TRAPS = List.of(
            new Trap("a click in a script", Pattern.compile("\\.click\\s*\\(\\s*\\)"),
                    "browser.submitByScript(script) when it leads to another page, browser.actWithoutLeaving(script) when it"
                            + " stays, or a Browser method that waits for what the click changes"),
            new Trap("a form submitted by a script", Pattern.compile("\\.(?:submit\\s*\\(\\s*\\)|requestSubmit\\s*\\()"),
                    "browser.submitByScript(script), or browser.actWithoutLeaving(script) for a submit the script cancels"),
            new Trap("a navigation by a script", Pattern.compile("\\blocation\\s*(?:\\.\\s*href\\s*)?=(?!=)"
                    + "|\\blocation\\s*\\.\\s*(?:assign|replace|reload)\\s*\\(|\\bhistory\\s*\\.\\s*(?:back|forward|go)\\s*\\("),
                    "browser.go(url), or browser.submitByScript(script), which waits for the next page"));

    /** The {@link Browser} methods that run a script and wait for what it sets off: their scripts may act on the page. */
    static final java.util.Set<String> WAITING_SCRIPT_RUNNERS = java.util.Set.of("submitByScript", "actWithoutLeaving");

    @Test
    void no_browser_test_acts_on_a_page_and_reads_it_before_what_it_set_off_has_happened() {
        var found = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("Browser.java"))
                    .sorted()
                    .forEach(file -> {
                        String source = read(file);
                        String code = codeOf(source);
                        if (drivesABrowser(code)) {
                            traps(code).forEach(trap -> found.add(SOURCES.relativize(file) + ":" + trap));
                            scriptTraps(source).forEach(trap -> found.add(SOURCES.relativize(file) + ":" + trap));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(found).as("calls that race the page (Browser has a waiting way for each)").isEmpty();
    }

    /** The rules bite: a test written with every trap, and with each of them also inside a string or a comment. */
    @Test
    void each_trap_is_found_where_it_is_code_and_nowhere_else() {
        String racy = read(FIXTURE);
        assertThat(drivesABrowser(codeOf(racy))).isTrue();

        assertThat(traps(codeOf(racy)).stream().map(found -> found.replaceFirst(": use .*", "")).toList()).containsExactly(
                "20 a bare click",
                "22 a form's submit()",
                "24 keys that may submit or follow a link",
                "26 keys that may submit or follow a link",
                "27 keys that may submit or follow a link",
                "28 keys that may submit or follow a link",
                "30 a navigation by the driver",
                "31 a navigation by the driver",
                "33 a fixed sleep",
                "34 a window resized by hand");
        assertThat(TRAPS).allSatisfy(trap -> assertThat(traps(codeOf(racy))).anyMatch(found -> found.contains(trap.name())));
    }

    /** The script rules bite: scripts run bare, in a string or a text block, and not those a waiting method runs. */
    @Test
    void each_script_trap_is_found_in_a_string_run_bare_and_nowhere_else() {
        assertThat(scriptTraps(read(FIXTURE)).stream().map(found -> found.replaceFirst(": use .*", "")).toList()).containsExactly(
                "17 a click in a script",
                "17 a navigation by a script",
                "36 a click in a script",
                "37 a form submitted by a script",
                "38 a navigation by a script",
                "42 a navigation by a script",
                "45 a form submitted by a script");
        assertThat(SCRIPT_TRAPS).allSatisfy(trap -> assertThat(scriptTraps(read(FIXTURE))).anyMatch(found -> found.contains(trap.name())));
    }

    @Test
    void blanking_keeps_the_lines_and_whether_a_string_ends_in_Enter() {
        String source = "a(\"x.click()\"); // b.click()\n"
                + "/* c.submit()\n"
                + "*/ d(\"typed\\n\") + '\"' + e(\"\"\"\n"
                + "    f.click()\n"
                + "    \"\"\");\n";

        assertThat(codeOf(source)).isEqualTo("a(\"\");" + " ".repeat(13) + "\n"
                + " ".repeat(13) + "\n"
                + "   d(\"\\n\") + ' ' + e(\"\"\n"
                + " ".repeat(13) + "\n"
                + "    \"\");\n");
    }

    /** Each trap in {@code code} as "line name: use ...". */
    static List<String> traps(String code) {
        var found = new ArrayList<String>();
        for (var trap : TRAPS) {
            var matcher = trap.code().matcher(code);
            while (matcher.find()) {
                long line = code.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(line + " " + trap.name() + ": use " + trap.instead());
            }
        }
        found.sort(java.util.Comparator.comparingInt(f -> Integer.parseInt(f.substring(0, f.indexOf(' ')))));
        return found;
    }

    /**
     * Each script trap in a string or text block of {@code source} as "line name: use ...", but in those written inside the
     * parentheses of a {@link #WAITING_SCRIPT_RUNNERS} call. Comments are skipped; the strings are read as written.
     */
    static List<String> scriptTraps(String source) {
        var found = new ArrayList<String>();
        var code = new StringBuilder();
        var waiting = new java.util.ArrayDeque<Boolean>();
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            int end;
            String text = null;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3) + 3;
                text = source.substring(i + 3, end - 3);
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end++;
                text = c == '"' ? source.substring(i + 1, end - 1) : null;
            } else {
                if (c == '(') {
                    waiting.push(!waiting.isEmpty() && waiting.peek() || WAITING_SCRIPT_RUNNERS.contains(calledBefore(code)));
                } else if (c == ')' && !waiting.isEmpty()) {
                    waiting.pop();
                }
                code.append(c);
                line += c == '\n' ? 1 : 0;
                i++;
                continue;
            }
            if (text != null && (waiting.isEmpty() || !waiting.peek())) {
                for (var trap : SCRIPT_TRAPS) {
                    var matcher = trap.code().matcher(text);
                    while (matcher.find()) {
                        long at = line + text.substring(0, matcher.start()).chars().filter(ch -> ch == '\n').count();
                        found.add(at + " " + trap.name() + ": use " + trap.instead());
                    }
                }
            }
            line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
            code.append(' ');
            i = end;
        }
        found.sort(java.util.Comparator.comparingInt(f -> Integer.parseInt(f.substring(0, f.indexOf(' ')))));
        return found;
    }

    /** The name the code so far ends with, blanks after it skipped: the method a {@code (} that follows calls. */
    private static String calledBefore(CharSequence code) {
        int end = code.length();
        while (end > 0 && Character.isWhitespace(code.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.subSequence(start, end).toString();
    }

    static boolean drivesABrowser(String code) {
        return code.contains("import org.openqa.selenium") || Pattern.compile("\\bBrowser\\b").matcher(code).find();
    }

    /**
     * The source with its comments, strings, text blocks and characters blanked (line breaks kept, so lines still
     * count): a string becomes {@code ""}, or {@code "\n"} when it ends in a line break, as typed keys that press Enter.
     */
    static String codeOf(String source) {
        var code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
                code.append(" ".repeat(end - i));
                i = end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2) + 2;
                blank(source, i, end, code);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                code.append("\"\"");
                blank(source, i + 3, end, code);
                code.append("\"\"");
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                var text = new StringBuilder();
                while (source.charAt(end) != c) {
                    text.append(source.charAt(end) == '\\' ? source.substring(end, end + 2) : source.substring(end, end + 1));
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                if (c == '\'') {
                    code.append("' '");
                } else {
                    boolean enter = text.toString().endsWith("\\n") || text.toString().endsWith("\\r");
                    code.append(enter ? "\"\\n\"" : "\"\"");
                }
                i = end + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static void blank(String source, int from, int to, StringBuilder code) {
        for (int k = from; k < to; k++) {
            code.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
