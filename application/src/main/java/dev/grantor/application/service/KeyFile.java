package dev.grantor.application.service;

import dev.grantor.application.port.in.KeyPoolManagement.KeyFileFormat;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;

/**
 * A file of keys as merchants export them: plain text with one key per line, or CSV with the header
 * {@code key[,activations_limit][,expires_at]} in any order. UTF-8 only (a byte-order mark is dropped); lines
 * end in LF or CRLF; blank lines are skipped but keep their number, so results point at the merchant's lines.
 * A problem with the whole file (not UTF-8, a bad header) is one error; a problem with a row stays that row's.
 * A key is one line: a quoted field left open at the end of its line is that row's problem, and every line up to the
 * one that closes it is refused too, so no fragment of it is ever imported as a key.
 */
final class KeyFile {

    static final String KEY = "key";
    static final String ACTIVATIONS_LIMIT = "activations_limit";
    static final String EXPIRES_AT = "expires_at";
    private static final List<String> COLUMNS = List.of(KEY, ACTIVATIONS_LIMIT, EXPIRES_AT);
    private static final String NEVER_CLOSED = "has a quote that is never closed";

    private KeyFile() {}

    static Either<GrantorError, List<KeyLine>> read(KeyFileFormat format, byte[] content) {
        return text(content).flatMap(text -> {
            var lines = lines(text);
            return switch (format) {
                case TEXT -> Either.right(lines.zipWithIndex()
                        .filter(line -> !line._1.isBlank())
                        .map(line -> KeyLine.of(line._2 + 1, line._1, null, null)));
                case CSV -> csv(lines);
            };
        });
    }

    private static Either<GrantorError, String> text(byte[] content) {
        try {
            var text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            return Either.right(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException notUtf8) {
            return Either.left(InvalidRequest.of("body", "must be UTF-8 text"));
        }
    }

    private static List<String> lines(String text) {
        var lines = new ArrayList<String>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            var line = text.substring(start, end);
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = end + 1;
        }
        // the newline that ends the last line opens no line of its own
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return List.ofAll(lines);
    }

    private static Either<GrantorError, List<KeyLine>> csv(List<String> lines) {
        var headerAt = lines.zipWithIndex().find(line -> !line._1.isBlank());
        if (headerAt.isEmpty()) {
            return Either.right(List.empty());
        }
        var header = fields(headerAt.get()._1);
        if (header.isLeft()) {
            return Either.left(ValidationFailed.of("header", header.getLeft()));
        }
        var names = header.get().map(String::trim);
        var unknown = names.filter(name -> !COLUMNS.contains(name));
        if (!unknown.isEmpty()) {
            return Either.left(ValidationFailed.of("header", "has unknown column " + quoted(unknown.head())
                    + "; the columns are key, activations_limit and expires_at"));
        }
        var repeated = names.groupBy(name -> name).filter(group -> group._2.size() > 1).keySet();
        if (!repeated.isEmpty()) {
            return Either.left(ValidationFailed.of("header", "names column " + quoted(repeated.head()) + " twice"));
        }
        if (!names.contains(KEY)) {
            return Either.left(ValidationFailed.of("header", "must name the column key"));
        }
        int first = headerAt.get()._2 + 1;
        var rows = new ArrayList<KeyLine>();
        int openedOn = 0;
        for (var line : lines.zipWithIndex().drop(first)) {
            int number = line._2 + 1;
            if (openedOn > 0) {
                if (!line._1.isBlank()) {
                    rows.add(new KeyLine(number, null, null, null, "continues the quoted field opened on line " + openedOn
                            + "; a key must fit on one line"));
                }
                if (closesQuote(line._1)) {
                    openedOn = 0;
                }
            } else if (!line._1.isBlank()) {
                var row = row(number, names, line._1);
                rows.add(row);
                if (NEVER_CLOSED.equals(row.problem())) {
                    openedOn = number;
                }
            }
        }
        return Either.right(List.ofAll(rows));
    }

    /**
     * Whether a line read from inside a quoted field leaves it: each quote flips inside and outside, and an escaped
     * {@code ""} flips twice, so an odd count closes it.
     */
    private static boolean closesQuote(String line) {
        return line.chars().filter(c -> c == '"').count() % 2 == 1;
    }

    private static KeyLine row(int number, List<String> names, String line) {
        var read = fields(line);
        if (read.isLeft()) {
            return new KeyLine(number, null, null, null, read.getLeft());
        }
        var values = read.get();
        if (values.size() != names.size()) {
            return new KeyLine(number, null, null, null, "has " + values.size() + " fields; the header names " + names.size());
        }
        String key = values.get(names.indexOf(KEY));
        Long limit = null;
        OffsetDateTime expiry = null;
        int limitAt = names.indexOf(ACTIVATIONS_LIMIT);
        if (limitAt >= 0 && !values.get(limitAt).isBlank()) {
            try {
                limit = Long.parseLong(values.get(limitAt).trim());
            } catch (NumberFormatException notANumber) {
                return new KeyLine(number, key, null, null, ACTIVATIONS_LIMIT + " must be a whole number");
            }
        }
        int expiryAt = names.indexOf(EXPIRES_AT);
        if (expiryAt >= 0 && !values.get(expiryAt).isBlank()) {
            try {
                expiry = OffsetDateTime.parse(values.get(expiryAt).trim());
            } catch (DateTimeParseException notATime) {
                return new KeyLine(number, key, limit, null, EXPIRES_AT + " must be an RFC 3339 timestamp with an offset");
            }
        }
        return KeyLine.of(number, key, limit, expiry);
    }

    /**
     * RFC 4180 fields of one line: a field in double quotes may hold commas, and {@code ""} for a quote. A quote
     * anywhere else is refused rather than kept: it is most often the end of a quoted field that began on an earlier line.
     */
    private static Either<String, List<String>> fields(String line) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                return Either.left("has text after a closing quote");
            } else if (c == '"') {
                return Either.left("has a stray quote: a field holding a quote must be in double quotes, with the quote doubled");
            } else if (!wasQuoted) {
                field.append(c);
            }
        }
        if (quoted) {
            return Either.left(NEVER_CLOSED);
        }
        fields.add(field.toString());
        return Either.right(List.ofAll(fields));
    }

    private static String quoted(String name) {
        return "\"" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "\"";
    }
}
