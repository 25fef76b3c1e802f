package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration, once on main, is never edited: every database that applied it keeps Flyway's checksum of its text, and
 * Flyway refuses to start on such a database when the text changes ("Migrations have failed validation"). Session 8
 * rewrote V14 within a day of it landing and the comparison harness's database would not open; the change became V15.
 * The ledger {@code released-migrations.sha256} holds the digest of each migration's text; a new migration adds its
 * line (the failure prints it), an edited one fails here instead of on a customer's database.
 */
class ReleasedMigrationsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path LEDGER = Path.of("src/test/resources/released-migrations.sha256");

    @Test
    void every_migration_is_in_the_ledger_with_the_text_it_was_released_with() throws IOException {
        assertThat(complaints(recorded(Files.readAllLines(LEDGER)), present(MIGRATIONS))).isEmpty();
    }

    @Test
    void an_edited_an_unrecorded_and_a_vanished_migration_are_each_named() {
        var recorded = Map.of("postgresql/V14__outbox_claim_in_order.sql", digest("DROP INDEX outbox_pending_due;\n"),
                "sqlite/V1__schema.sql", digest("CREATE TABLE grants (id TEXT);\n"),
                "sqlite/V2__webhooks.sql", digest("CREATE TABLE webhooks (id TEXT);\n"));
        var present = Map.of("postgresql/V14__outbox_claim_in_order.sql", digest("DROP INDEX outbox_pending_oldest;\n"),
                "sqlite/V1__schema.sql", digest("CREATE TABLE grants (id TEXT);\n"),
                "sqlite/V15__outbox_claim_as_due.sql", digest("CREATE INDEX outbox_pending_due;\n"));

        assertThat(complaints(recorded, present)).satisfiesExactly(
                edited -> assertThat(edited).startsWith("postgresql/V14__outbox_claim_in_order.sql was edited"),
                unrecorded -> assertThat(unrecorded).startsWith("sqlite/V15__outbox_claim_as_due.sql is not in the ledger")
                        .contains(present.get("sqlite/V15__outbox_claim_as_due.sql") + "  sqlite/V15__outbox_claim_as_due.sql"),
                vanished -> assertThat(vanished).startsWith("sqlite/V2__webhooks.sql is in the ledger but gone"));
    }

    private static List<String> complaints(Map<String, String> recorded, Map<String, String> present) {
        var complaints = new ArrayList<String>();
        var names = new TreeSet<String>(recorded.keySet());
        names.addAll(present.keySet());
        for (var name : names) {
            var was = recorded.get(name);
            var is = present.get(name);
            if (was == null) {
                complaints.add(name + " is not in the ledger: add the line `" + is + "  " + name + "` to " + LEDGER);
            } else if (is == null) {
                complaints.add(name + " is in the ledger but gone: a database that applied it fails Flyway's validation");
            } else if (!was.equals(is)) {
                complaints.add(name + " was edited after it was released: put the change in a new migration");
            }
        }
        return complaints;
    }

    private static Map<String, String> recorded(List<String> lines) {
        var recorded = new TreeMap<String, String>();
        lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            var parts = line.split(" {2}", 2);
            recorded.put(parts[1].strip(), parts[0]);
        });
        return recorded;
    }

    private static Map<String, String> present(Path root) throws IOException {
        var present = new TreeMap<String, String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                present.put(root.relativize(file).toString().replace('\\', '/'), digest(Files.readString(file)));
            }
        }
        return present;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
