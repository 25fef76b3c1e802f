package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and the pages of docs/ as a reader moves through them: every relative link reaches its file and, with a
 * {@code #fragment}, a heading of it; every table has its header row, so no run of rows renders as a paragraph of pipes.
 */
class ManualLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern DELIMITER_ROW = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");

    @Test
    void every_relative_link_reaches_its_file_and_heading() throws IOException {
        var broken = new ArrayList<String>();
        for (Path page : pages()) {
            var lines = prose(page);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).replaceAll("`[^`]*`", "");
                for (var link : LINK.matcher(line).results().map(m -> m.group(1)).toList()) {
                    if (link.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
                    String fragment = link.contains("#") ? link.substring(link.indexOf('#') + 1) : "";
                    Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                    String where = Manual.root().relativize(page) + ":" + (n + 1) + ": " + link;
                    if (!Files.exists(target)) {
                        broken.add(where + " (no such file)");
                    } else if (!fragment.isEmpty() && !anchors(target).contains(fragment)) {
                        broken.add(where + " (no such heading)");
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void every_table_starts_with_its_header_row() throws IOException {
        var headless = new ArrayList<String>();
        for (Path page : pages()) {
            var lines = prose(page);
            for (int n = 0; n < lines.size(); n++) {
                if (!lines.get(n).startsWith("|") || (n > 0 && lines.get(n - 1).startsWith("|"))) {
                    continue;
                }
                if (n + 1 >= lines.size() || !DELIMITER_ROW.matcher(lines.get(n + 1)).matches()) {
                    headless.add(Manual.root().relativize(page) + ":" + (n + 1) + ": " + lines.get(n));
                }
            }
        }
        assertThat(headless).as("rows after a blank line render as text, not as the table above").isEmpty();
    }

    static List<Path> pages() throws IOException {
        Path root = Manual.root();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            return Stream.concat(Stream.of(root.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md")).sorted()).toList();
        }
    }

    /** The page's lines with fenced code blanked out (kept as empty lines, so line numbers stay true). */
    static List<String> prose(Path page) throws IOException {
        var lines = new ArrayList<String>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                lines.add("");
            } else {
                lines.add(fenced ? "" : line);
            }
        }
        return lines;
    }

    /** GitHub's heading anchors: lower case, punctuation but '-' and '_' dropped, spaces to '-', repeats numbered. */
    static Set<String> anchors(Path page) throws IOException {
        var anchors = new HashSet<String>();
        var seen = new HashMap<String, Integer>();
        if (!page.toString().endsWith(".md")) {
            return anchors;
        }
        for (String line : prose(page)) {
            if (!line.startsWith("#")) {
                continue;
            }
            String slug = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }
}
