package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated key files (seeded) against an independent expectation per line: blank lines skipped but counted, a
 * value seen before a duplicate, a value with a control character or over 255 characters invalid, everything else
 * imported exactly as written once trimmed; LF or CRLF, with or without a byte-order mark; CSV fields quoted when
 * they hold a comma or a quote. CSV files also carry the merchant's slips: a stray quote inside an unquoted field, and a
 * quoted field running over several lines, every line of which is invalid (no fragment of it is a key).
 */
class KeyFileImportTest {

    private static final List<String> CONTROL = List.of("\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTVWXYZ0123456789-_.,\"é☃";

    @Test
    void a_stray_quote_or_a_quoted_field_over_several_lines_is_refused_line_by_line_and_imports_no_fragment() {
        var engine = new EngineFixture();
        var entitlement = engine.manualEntitlement().id().value();
        engine.grantor.keyPools().open(engine.business, entitlement, new OpenPool(0L)).get();
        var csv = "key\nSTRAY\"QUOTE\n\"FIRST-PART\nMIDDLE-PART\n\nLAST-PART\"\nGOOD-KEY-0001\n\"QUOTED,KEY\"\"0002\"\n";

        var report = engine.grantor.keyPools().importFile(engine.business, entitlement, KeyFileFormat.CSV,
                csv.getBytes(StandardCharsets.UTF_8)).get();

        assertThat(report.results().map(r -> r.line() + " " + r.status().wire() + " " + r.error().getOrElse("")))
                .containsExactly(
                        "2 invalid has a stray quote: a field holding a quote must be in double quotes, with the quote doubled",
                        "3 invalid has a quote that is never closed",
                        "4 invalid continues the quoted field opened on line 3; a key must fit on one line",
                        "6 invalid continues the quoted field opened on line 3; a key must fit on one line",
                        "7 imported ",
                        "8 imported ");
        var stored = engine.grantor.keyPools().keys(engine.business, entitlement, new ListPooledKeys(100, 0, null)).get();
        assertThat(stored.map(k -> k.value().value())).containsExactlyInAnyOrder("GOOD-KEY-0001", "QUOTED,KEY\"0002");
    }

    @ParameterizedTest
    @EnumSource(KeyFileFormat.class)
    void every_line_of_a_generated_file_gets_the_result_an_independent_reading_expects(KeyFileFormat format) {
        var draws = Instancio.gen().withSetting(Keys.SEED, 1414L + format.ordinal()).ints().range(0, 1_000_000).list(400_000)
                .iterator();
        for (int file = 0; file < 40; file++) {
            var engine = new EngineFixture();
            var entitlement = engine.manualEntitlement().id().value();
            engine.grantor.keyPools().open(engine.business, entitlement, new OpenPool(0L)).get();
            boolean crlf = draws.next() % 2 == 0;
            boolean bom = draws.next() % 3 == 0;
            var lines = new ArrayList<String>();
            var expected = new LinkedHashMap<Integer, String>();
            var seen = new HashSet<String>();
            var imported = new ArrayList<String>();
            if (format == KeyFileFormat.CSV) {
                lines.add("key");
            }
            int count = 1 + draws.next() % 120;
            for (int i = 0; i < count; i++) {
                int shape = draws.next() % 20;
                String value;
                if (shape == 0) {
                    lines.add(draws.next() % 2 == 0 ? "" : "  \t ");
                    continue;
                } else if (shape == 4 && format == KeyFileFormat.CSV) {
                    lines.add("K" + unquoted(draws, 1 + draws.next() % 20) + "\"" + unquoted(draws, draws.next() % 20));
                    expected.put(lines.size(), "invalid");
                    continue;
                } else if (shape == 5 && format == KeyFileFormat.CSV) {
                    int spanned = 2 + draws.next() % 3;
                    for (int part = 0; part < spanned; part++) {
                        boolean blank = part > 0 && part < spanned - 1 && draws.next() % 3 == 0;
                        String text = blank ? "" : "K" + unquoted(draws, 1 + draws.next() % 20) + "-" + file + "-" + i + "-" + part;
                        lines.add((part == 0 ? "\"" : "") + text + (part == spanned - 1 ? "\"" : ""));
                        if (!blank) {
                            expected.put(lines.size(), "invalid");
                        }
                    }
                    continue;
                } else if (shape == 1 && !seen.isEmpty()) {
                    value = seen.iterator().next();
                } else if (shape == 2) {
                    value = word(draws, 1 + draws.next() % 20) + CONTROL.get(draws.next() % CONTROL.size()) + word(draws, 3);
                } else if (shape == 3) {
                    value = word(draws, 256 + draws.next() % 40);
                } else {
                    value = word(draws, 1 + draws.next() % 60) + "-" + file + "-" + i;
                }
                String padded = (draws.next() % 4 == 0 ? "  " : "") + value + (draws.next() % 4 == 0 ? " \t" : "");
                lines.add(format == KeyFileFormat.CSV ? csvField(padded) : padded);
                int number = lines.size();
                if (shape == 2 || shape == 3) {
                    expected.put(number, "invalid");
                } else if (!seen.add(value)) {
                    expected.put(number, "duplicate");
                } else {
                    expected.put(number, "imported");
                    imported.add(value);
                }
            }
            String text = (bom ? "\uFEFF" : "") + String.join(crlf ? "\r\n" : "\n", lines) + (draws.next() % 2 == 0 ? "\n" : "");

            var report = engine.grantor.keyPools().importFile(engine.business, entitlement, format,
                    text.getBytes(StandardCharsets.UTF_8)).get();

            Map<Integer, String> actual = new LinkedHashMap<>();
            report.results().forEach(result -> actual.put(result.line(), result.status().wire()));
            assertThat(actual).as("file %d of %s:%n%s", file, format, text).containsExactlyEntriesOf(expected);
            var stored = engine.grantor.keyPools().keys(engine.business, entitlement, new ListPooledKeys(100, 0, null)).get();
            assertThat(report.imported()).isEqualTo(imported.size());
            assertThat(imported).as("stored exactly as written, trimmed").containsAll(stored.map(k -> k.value().value()));
            assertThat(engine.grantor.keyPools().get(engine.business, entitlement).get().available()).isEqualTo(imported.size());
        }
    }

    private static String word(java.util.Iterator<Integer> draws, int length) {
        var out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(draws.next() % ALPHABET.length()));
        }
        return out.toString().strip();
    }

    /** A word with neither quote nor comma, so the only quote on its line is the one the test put there. */
    private static String unquoted(java.util.Iterator<Integer> draws, int length) {
        return word(draws, length).replace("\"", "").replace(",", "");
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
