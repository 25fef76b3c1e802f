package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does with businesses and API keys from the command line, checked against a running service. */
class OperatorCommandsTest {

    @TempDir
    Path dataDir;

    private Cli grantor(String... args) {
        return Cli.run(ManualFulfillmentEndToEndTest.concat(args, new String[] {"--data-dir", dataDir.toString()}));
    }

    private String business(String name) {
        var created = grantor("businesses", "create", "--name", name);
        assertThat(created.exitCode()).as(created.err()).isZero();
        return created.printed();
    }

    @Nested
    class Businesses {

        @Test
        void every_business_is_listed_with_its_id_creation_time_and_name_oldest_first() {
            String acme = business("Acme Software");
            String globex = business("Globex Corporation");

            var listed = grantor("businesses", "list");

            assertThat(listed.exitCode()).as(listed.err()).isZero();
            var rows = listed.out().lines().toList();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).startsWith(acme + "\t").endsWith("\tAcme Software").matches("bus_\\w+\t\\d{4}-.*Z\tAcme Software");
            assertThat(rows.get(1)).startsWith(globex + "\t").endsWith("\tGlobex Corporation");
        }

        /** The rule customer and API key names follow: the name is the sender's on the business's emails. */
        @Test
        void a_name_with_an_invisible_or_control_character_is_a_one_line_failure_that_writes_nothing() {
            String acme = business("Acme Software");

            for (String bad : new String[] {"Acme\u202E erawtfoS", "Ac\u200Bme", "Acme\u2066 Ltd", "Ac\u200Fme", "Ac\uFEFFme",
                    "Ac\uE000me", "Ac\u0378me", "Acme\u0007 Ltd", "Ac\nme", "x".repeat(201)}) {
                CliErrorsTest.assertOneLineFailure(grantor("businesses", "create", "--name", bad), GrantorCli.FAILURE,
                        "name must be 1 to 200 characters without control or invisible characters");
            }
            CliErrorsTest.assertOneLineFailure(grantor("businesses", "create", "--name", " \u00A0 "), GrantorCli.FAILURE,
                    "name is required");

            assertThat(grantor("businesses", "list").out().lines()).as("nothing written").singleElement()
                    .asString().startsWith(acme + "\t");
            var good = java.util.List.of("Café Ünïcode", "e\u0301clair", "鍵屋", "열쇠 가게", "Ключ", "مفتاح", "Shop 😀", "é".repeat(200));
            for (String name : good) {
                var created = grantor("businesses", "create", "--name", "  " + name + " ");
                assertThat(created.exitCode()).as(name + ": " + created.err()).isZero();
            }
            assertThat(grantor("businesses", "list").out().lines().skip(1).map(row -> row.split("\t")[2]).toList())
                    .as("kept, trimmed").isEqualTo(good);
        }

        @Test
        void an_empty_list_says_so_on_stderr_and_prints_no_row() {
            assertThat(grantor("migrate").exitCode()).isZero();

            var listed = grantor("businesses", "list");

            assertThat(listed.exitCode()).isZero();
            assertThat(listed.out()).isEmpty();
            assertThat(listed.err()).contains("grantor: no businesses yet");
        }
    }

    @Nested
    class Operators {

        @Test
        void an_empty_list_says_so_on_stderr_and_prints_no_row() {
            String business = business("Acme Software");

            var listed = grantor("operators", "list", "--business", business);

            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.out()).isEmpty();
            assertThat(listed.err()).contains("grantor: business " + business + " has no operators");
        }

        @Test
        void remove_keeps_the_row_listed_as_removed_says_so_when_run_again_and_add_gives_back_the_same_id() {
            String business = business("Acme Software");
            String ada = grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed();
            String bob = grantor("operators", "add", "--business", business, "--email", "bob@acme.example").printed();

            var removed = grantor("operators", "remove", "--business", business, "--email", "ADA@acme.example");

            assertThat(removed.exitCode()).as(removed.err()).isZero();
            assertThat(removed.printed()).isEqualTo(ada);
            var rows = grantor("operators", "list", "--business", business).out().lines().map(l -> l.split("\t")).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)[0]).isEqualTo(ada);
            assertThat(rows.get(0)[3]).as("removed at").matches("\\d{4}-.*Z");
            assertThat(rows.get(1)[0]).isEqualTo(bob);
            assertThat(rows.get(1)[3]).as("still has access").isEqualTo("-");

            var again = grantor("operators", "remove", "--business", business, "--id", ada);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.printed()).isEqualTo(ada);
            assertThat(again.err()).contains("grantor: operator " + ada + " (ada@acme.example) was already removed at "
                    + rows.get(0)[3] + "; nothing changed");

            assertThat(grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed()).isEqualTo(ada);
            assertThat(grantor("operators", "list", "--business", business).out().lines().toList().getFirst()).endsWith("\t-\toperator");
        }

        @Test
        void removing_an_unknown_operator_or_one_of_an_unknown_business_is_a_one_line_failure() {
            String business = business("Acme Software");
            String ada = grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed();

            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", business, "--email", "eve@acme.example"),
                    GrantorCli.FAILURE, "operator eve@acme.example was not found");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", business, "--id", "op_nobody"),
                    GrantorCli.FAILURE, "operator op_nobody was not found");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", "bus_000000000000000000000",
                    "--id", ada), GrantorCli.FAILURE, "business bus_000000000000000000000 was not found");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", business, "--id", "ada@acme.example"),
                    GrantorCli.USAGE, "--id takes an operator id");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", business, "--email", ada),
                    GrantorCli.USAGE, "--email takes an address");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "remove", "--business", business, "--email", "a@b.example",
                    "--id", ada), GrantorCli.USAGE, "mutually exclusive");
            assertThat(grantor("operators", "list", "--business", business).printed()).endsWith("\t-\toperator");
        }

        @Test
        void a_role_is_given_with_add_or_set_role_listed_in_the_fifth_column_and_kept_when_added_again_without_one() {
            String business = business("Acme Software");
            String vic = grantor("operators", "add", "--business", business, "--email", "vic@acme.example", "--role", "viewer")
                    .printed();
            String ada = grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed();

            assertThat(rows(business)).containsExactly(vic + "\tviewer", ada + "\toperator");
            assertThat(grantor("operators", "add", "--business", business, "--email", "VIC@acme.example").printed()).isEqualTo(vic);
            assertThat(rows(business)).as("added again without --role").containsExactly(vic + "\tviewer", ada + "\toperator");

            var promoted = grantor("operators", "set-role", "--business", business, "--id", vic, "--role", "operator");
            var demoted = grantor("operators", "set-role", "--business", business, "--email", "ADA@acme.example", "--role", "Viewer");
            var again = grantor("operators", "set-role", "--business", business, "--email", "ada@acme.example", "--role", "viewer");

            assertThat(promoted.exitCode()).as(promoted.err()).isZero();
            assertThat(promoted.printed()).isEqualTo(vic);
            assertThat(demoted.printed()).isEqualTo(ada);
            assertThat(again.exitCode()).isZero();
            assertThat(again.err()).contains("grantor: operator " + ada + " (ada@acme.example) was already viewer; nothing changed");
            assertThat(rows(business)).containsExactly(vic + "\toperator", ada + "\tviewer");
            assertThat(grantor("operators", "add", "--business", business, "--email", "ada@acme.example", "--role", "operator")
                    .printed()).isEqualTo(ada);
            assertThat(rows(business)).as("added again with --role").containsExactly(vic + "\toperator", ada + "\toperator");
        }

        @Test
        void an_unknown_role_or_operator_is_a_one_line_failure_and_changes_nothing() {
            String business = business("Acme Software");
            String ada = grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed();

            CliErrorsTest.assertOneLineFailure(grantor("operators", "set-role", "--business", business, "--id", ada, "--role",
                    "admin"), GrantorCli.USAGE, "--role takes operator (reads and acts) or viewer");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "add", "--business", business, "--email", "bob@acme.example",
                    "--role", "owner"), GrantorCli.USAGE, "--role takes operator");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "set-role", "--business", business, "--email",
                    "eve@acme.example", "--role", "viewer"), GrantorCli.FAILURE, "operator eve@acme.example was not found");
            CliErrorsTest.assertOneLineFailure(grantor("operators", "set-role", "--business", business, "--id", ada),
                    GrantorCli.USAGE, "--role");
            assertThat(rows(business)).containsExactly(ada + "\toperator");
        }

        /**
         * Each change the command line makes is in the audit trail, by the owner, as the console's Team page shows it;
         * a command that changes nothing, or fails, adds nothing.
         */
        @Test
        void every_change_of_access_is_recorded_by_the_owner_and_a_command_that_changes_nothing_records_nothing() {
            String business = business("Acme Software");
            String ada = grantor("operators", "add", "--business", business, "--email", "ada@acme.example").printed();
            String vic = grantor("operators", "add", "--business", business, "--email", "vic@acme.example", "--role", "viewer")
                    .printed();
            grantor("operators", "set-role", "--business", business, "--id", vic, "--role", "operator");
            grantor("operators", "remove", "--business", business, "--email", "ADA@acme.example");
            grantor("operators", "add", "--business", business, "--email", "ada@acme.example", "--role", "viewer");

            grantor("operators", "add", "--business", business, "--email", "Ada@Acme.example");
            grantor("operators", "set-role", "--business", business, "--id", ada, "--role", "viewer");
            grantor("operators", "remove", "--business", business, "--id", vic);
            grantor("operators", "remove", "--business", business, "--id", vic);
            grantor("operators", "remove", "--business", business, "--email", "eve@acme.example");
            grantor("operators", "set-role", "--business", business, "--id", "op_nobody", "--role", "viewer");

            assertThat(accessChanges(business)).containsExactly(
                    "owner removed an operator " + vic + " (role operator)",
                    "owner gave an operator access back " + ada + " (role viewer (was operator))",
                    "owner removed an operator " + ada + " (role operator)",
                    "owner changed an operator's role " + vic + " (from viewer to operator)",
                    "owner added an operator " + vic + " (role viewer)",
                    "owner added an operator " + ada + " (role operator)");
            assertThat(grantor("operators", "list", "--business", business).out().lines().toList())
                    .as("the list is what it was: five columns").allMatch(row -> row.split("\t").length == 5);
        }

        /** The business's access changes as the console reads them, newest first: actor, action, operator, detail. */
        private java.util.List<String> accessChanges(String business) {
            try (var deployment = Deployment.open(DatabaseSettings.embedded(dataDir))) {
                return deployment.grantor().operatorAccess()
                        .accessChanges(new dev.grantor.domain.shared.BusinessId(business), io.vavr.control.Option.none(), 100).get().changes()
                        .map(change -> change.actor() + " " + change.action() + " " + change.subject() + " (" + change.detail() + ")")
                        .toJavaList();
            }
        }

        /** Each operator as its id and role, the first and last columns of the list. */
        private java.util.List<String> rows(String business) {
            return grantor("operators", "list", "--business", business).out().lines()
                    .map(line -> line.split("\t")).map(cells -> cells[0] + "\t" + cells[cells.length - 1]).toList();
        }
    }

    @Nested
    class Api_keys {

        @Test
        void creating_a_key_prints_the_token_alone_on_stdout_and_its_id_on_stderr() {
            String business = business("Acme Software");

            var created = grantor("api-keys", "create", "--business", business, "--read-only");

            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(created.printed()).matches("gr_live_[0-9A-Za-z]{40}");
            assertThat(created.err()).containsPattern("grantor: created API key key_\\w+ \\(read-only\\) for " + business);
        }

        @Test
        void the_list_shows_id_token_prefix_access_creation_last_use_and_revocation_but_never_the_token() {
            String business = business("Acme Software");
            var writer = grantor("api-keys", "create", "--business", business);
            var reader = grantor("api-keys", "create", "--business", business, "--read-only");
            String writerId = keyId(writer);

            var listed = grantor("api-keys", "list", "--business", business);

            assertThat(listed.exitCode()).as(listed.err()).isZero();
            var rows = listed.out().lines().map(line -> line.split("\t")).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)[0]).isEqualTo(writerId);
            assertThat(rows.get(0)[1]).isEqualTo(writer.printed().substring(0, 12) + "...");
            assertThat(rows.get(0)[2]).isEqualTo("read-write");
            assertThat(rows.get(0)[3]).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(rows.get(0)[4]).as("never used").isEqualTo("-");
            assertThat(rows.get(0)[5]).as("live").isEqualTo("-");
            assertThat(rows.get(1)[2]).isEqualTo("read-only");
            assertThat(listed.out()).doesNotContain(writer.printed()).doesNotContain(reader.printed());
        }

        /** The name is the last column, after the six a script may already read by position. */
        @Test
        void a_key_is_named_at_creation_listed_by_its_name_last_and_renamed_or_unnamed_later_revoked_too() {
            String business = business("Acme Software");
            var billing = grantor("api-keys", "create", "--business", business, "--name", "  billing  ");
            var unnamed = grantor("api-keys", "create", "--business", business);
            String billingId = keyId(billing);
            String unnamedId = keyId(unnamed);

            assertThat(billing.exitCode()).as(billing.err()).isZero();
            assertThat(billing.err()).contains("grantor: created API key " + billingId + " \"billing\" (read-write) for " + business);
            var rows = grantor("api-keys", "list", "--business", business).out().lines().map(line -> line.split("\t")).toList();
            assertThat(rows).extracting(cells -> cells.length).containsExactly(7, 7);
            assertThat(rows.get(0)[0]).isEqualTo(billingId);
            assertThat(rows.get(0)[2]).isEqualTo("read-write");
            assertThat(rows.get(0)[6]).isEqualTo("billing");
            assertThat(rows.get(1)[6]).as("made without a name").isEqualTo("-");

            var renamed = grantor("api-keys", "rename", unnamedId, "--name", "support tool");
            assertThat(renamed.exitCode()).as(renamed.err()).isZero();
            assertThat(renamed.printed()).isEqualTo(unnamedId);
            assertThat(grantor("api-keys", "revoke", billingId).exitCode()).isZero();
            assertThat(grantor("api-keys", "rename", billingId, "--name", "old billing").exitCode()).as("a revoked key").isZero();
            assertThat(lastColumns(business)).containsExactly("old billing", "support tool");

            assertThat(grantor("api-keys", "rename", unnamedId, "--no-name").exitCode()).isZero();
            assertThat(lastColumns(business)).containsExactly("old billing", "-");
        }

        @Test
        void a_name_breaking_the_rule_is_a_one_line_failure_that_writes_nothing() {
            String business = business("Acme Software");
            String key = keyId(grantor("api-keys", "create", "--business", business, "--name", "store"));

            for (String bad : new String[] {"", "   ", "x".repeat(61), "bill\u0007ing", "bill\ting", "bill\u202Eing"}) {
                CliErrorsTest.assertOneLineFailure(grantor("api-keys", "create", "--business", business, "--name", bad),
                        GrantorCli.FAILURE, "name must be 1 to 60 characters without control or invisible characters");
                CliErrorsTest.assertOneLineFailure(grantor("api-keys", "rename", key, "--name", bad),
                        GrantorCli.FAILURE, "name must be 1 to 60 characters without control or invisible characters");
            }

            assertThat(lastColumns(business)).as("no key made, the name kept").containsExactly("store");
            assertThat(grantor("api-keys", "rename", key, "--name", "é".repeat(60)).exitCode()).as("60 characters").isZero();
            CliErrorsTest.assertOneLineFailure(grantor("api-keys", "rename", "key_nothing", "--name", "x"), GrantorCli.FAILURE,
                    "API key key_nothing was not found");
            assertThat(grantor("api-keys", "rename", key).exitCode()).as("neither --name nor --no-name").isEqualTo(GrantorCli.USAGE);
            assertThat(grantor("api-keys", "rename", key, "--name", "x", "--no-name").exitCode()).as("both").isEqualTo(GrantorCli.USAGE);
        }

        /** Fullwidth letters, a ligature and a sharp s read as the plain name: the embedded database refuses them alike. */
        @Test
        void a_name_that_reads_as_a_live_keys_name_is_refused_whatever_its_case_or_width() {
            String business = business("Acme Software");
            String billing = keyId(grantor("api-keys", "create", "--business", business, "--name", "billing"));
            String other = keyId(grantor("api-keys", "create", "--business", business, "--name", "Straße"));

            CliErrorsTest.assertOneLineFailure(grantor("api-keys", "create", "--business", business, "--name", "\uFF42\uFF49\uFF4C\uFF4C\uFF49\uFF4E\uFF47"),
                    GrantorCli.FAILURE, "API key " + billing + " of this business is named “billing” already");
            CliErrorsTest.assertOneLineFailure(grantor("api-keys", "rename", other, "--name", "BILLING"),
                    GrantorCli.FAILURE, "API key " + billing + " of this business is named “billing” already");
            String third = keyId(grantor("api-keys", "create", "--business", business, "--name", "\uFB01les"));
            CliErrorsTest.assertOneLineFailure(grantor("api-keys", "rename", third, "--name", "STRASSE"),
                    GrantorCli.FAILURE, "API key " + other + " of this business is named “Straße” already");

            assertThat(lastColumns(business)).as("nothing made, nothing renamed").containsExactly("billing", "Straße", "\uFB01les");
            assertThat(grantor("api-keys", "rename", third, "--name", "billing 2").exitCode()).as("another name").isZero();
        }

        private java.util.List<String> lastColumns(String business) {
            return grantor("api-keys", "list", "--business", business).out().lines()
                    .map(line -> line.split("\t")).map(cells -> cells[cells.length - 1]).toList();
        }

        @Test
        void the_keys_of_an_unknown_business_are_a_one_line_failure() {
            assertThat(grantor("migrate").exitCode()).isZero();

            var listed = grantor("api-keys", "list", "--business", "bus_000000000000000000000");

            CliErrorsTest.assertOneLineFailure(listed, GrantorCli.FAILURE, "business bus_000000000000000000000 was not found");
        }

        @Test
        void revoking_an_unknown_key_is_a_one_line_failure() {
            assertThat(grantor("migrate").exitCode()).isZero();

            CliErrorsTest.assertOneLineFailure(grantor("api-keys", "revoke", "key_nothing"), GrantorCli.FAILURE,
                    "API key key_nothing was not found");
        }

        @Test
        void a_revoked_token_is_refused_by_every_node_on_the_database_within_a_second_and_its_last_use_is_listed() throws Exception {
            var database = DatabaseSettings.embedded(dataDir);
            String business = business("Acme Software");
            var created = grantor("api-keys", "create", "--business", business);
            String token = created.printed();
            String id = keyId(created);
            try (var first = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()));
                 var second = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay())) {
                var onFirst = new Http(first.url(), token);
                var onSecond = new Http(second.url(), token);
                assertThat(onFirst.get("/entitlements").status()).isEqualTo(200);
                assertThat(onSecond.get("/entitlements").status()).isEqualTo(200);
                var used = grantor("api-keys", "list", "--business", business).out().strip().split("\t");
                assertThat(used[4]).as("last used, recorded by the first request").matches(WIRE_INSTANT);

                var revoked = grantor("api-keys", "revoke", id);

                assertThat(revoked.exitCode()).as(revoked.err()).isZero();
                assertThat(revoked.printed()).isEqualTo(id);
                long revokedAt = System.nanoTime();
                // each node serves a key it authenticated for its time to live (1 s by default) before reading it again
                for (var node : new Http[] {onFirst, onSecond}) {
                    assertThat(ApiKeyRevocationOnTwoNodesTest.pollUntilRefused(node, revokedAt, Grantor.DEFAULT_API_KEY_CACHE_TTL))
                            .isLessThanOrEqualTo(Grantor.DEFAULT_API_KEY_CACHE_TTL.plus(ApiKeyRevocationOnTwoNodesTest.MARGIN));
                    var refused = node.get("/entitlements");
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.text("code")).isEqualTo("UNAUTHORIZED");
                }
                assertThat(grantor("api-keys", "list", "--business", business).out().strip().split("\t")[5])
                        .as("revoked at").matches(WIRE_INSTANT);
                assertThat(grantor("api-keys", "revoke", id).exitCode()).as("revoking again changes nothing").isZero();
            }
        }

        static String keyId(Cli created) {
            var matcher = java.util.regex.Pattern.compile("key_\\w+").matcher(created.err());
            assertThat(matcher.find()).as(created.err()).isTrue();
            return matcher.group();
        }
    }

    @Nested
    class Resending_a_delivery_email {

        @Test
        void the_cli_and_the_api_each_queue_a_new_email_that_the_running_service_sends_beside_the_first() throws Exception {
            var database = DatabaseSettings.embedded(dataDir);
            String business = business("Acme Software");
            String token = grantor("api-keys", "create", "--business", business).printed();
            try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory())
                    .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY))) {
                var api = new Http(service.url(), token);
                String entitlement = api.post("/entitlements", java.util.Map.of("name", "Acme Pro", "integration_type", "license_key",
                        "integration_config", java.util.Map.of("fulfillment_mode", "manual"))).text("id");
                String grant = api.post("/entitlements/" + entitlement + "/grants",
                        java.util.Map.of("customer", java.util.Map.of("email", "ada@example.com"))).text("id");
                var pending = grantor("grants", "resend", grant);
                assertThat(pending.exitCode()).isEqualTo(1);
                assertThat(pending.err().strip().lines().toList().getLast())
                        .isEqualTo("grantor: grant " + grant + " is Pending, not Delivered: it has no delivery email to send again");
                assertThat(api.post("/grants/" + grant + "/license-key", java.util.Map.of("key", "ACME-RESEND-1")).status()).isEqualTo(200);
                Path mail = dataDir.resolve("mail");

                var resent = grantor("grants", "resend", grant, "--operator", "alice");

                assertThat(resent.exitCode()).as(resent.err()).isZero();
                assertThat(resent.printed()).matches("msg_\\w+");
                assertThat(resent.err()).contains("grantor: queued the delivery email of grant " + grant + " again for alice (command line)");
                var asked = service.deployment().grantor().grantTimeline()
                        .timeline(new dev.grantor.domain.shared.BusinessId(business), grant, io.vavr.control.Option.none(), 10).get()
                        .entries().filter(e -> e instanceof GrantTimeline.Resent)
                        .map(e -> ((GrantTimeline.Resent) e).asker());
                assertThat(asked.toJavaList()).as("a name given on the command line is kept apart from an operator's id")
                        .containsExactly(new GrantTimeline.Asker.CommandLine("alice"));
                Path file = mail.resolve(grant + ".resend." + resent.printed() + ".eml");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(file));
                assertThat(Files.readString(file)).contains("ACME-RESEND-1", "(sent again)");
                assertThat(Files.exists(mail.resolve(grant + ".eml"))).as("the first delivery is still there").isTrue();

                var tooSoon = grantor("grants", "resend", grant, "--business", business);
                assertThat(tooSoon.exitCode()).isEqualTo(1);
                assertThat(tooSoon.err().strip().lines().toList().getLast()).matches(
                        "grantor: the delivery email of grant " + grant + " was resent recently; try again in \\d+ s");

                var overHttp = api.post("/grants/" + grant + "/resend", null);
                assertThat(overHttp.status()).as(overHttp.raw()).isEqualTo(202);
                Path viaApi = mail.resolve(grant + ".resend." + overHttp.text("outbox_message_id") + ".eml");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(viaApi));
            }
        }

        /** The name a timeline prints beside "(command line)" follows the rule of every name people read. */
        @Test
        void an_operator_name_with_an_invisible_or_control_character_is_a_usage_failure_before_anything_is_read() {
            business("Acme Software");

            for (String bad : new String[] {"ali\u202Ece", "al\u200Bice", "alice\u0007", "al\uE000ice", "a".repeat(201)}) {
                CliErrorsTest.assertOneLineFailure(grantor("grants", "resend", "entg_whatever", "--operator", bad), GrantorCli.USAGE,
                        "--operator must be 1 to 200 characters without control or invisible characters");
            }
            CliErrorsTest.assertOneLineFailure(grantor("grants", "resend", "entg_whatever", "--operator", " \u00A0"),
                    GrantorCli.USAGE, "--operator must not be blank");
            CliErrorsTest.assertOneLineFailure(grantor("grants", "resend", "entg_whatever", "--operator", " Ålice 鍵 "),
                    GrantorCli.FAILURE, "not found");
        }

        @Test
        void without_business_on_a_database_with_several_the_cli_asks_for_one() {
            business("Acme Software");
            business("Globex Corporation");

            var refused = grantor("grants", "resend", "entg_whatever");

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip().lines().toList().getLast())
                    .isEqualTo("grantor: the database has 2 businesses: give --business BUSINESS_ID (grantor businesses list shows them)");
        }
    }

    @Nested
    class Which_database {

        @Test
        void a_data_command_says_on_stderr_which_database_it_used() {
            business("Acme Software");

            var listed = grantor("businesses", "list");

            assertThat(listed.err()).contains("grantor: using the database at "
                    + dataDir.resolve("grantor.db").toAbsolutePath().normalize());
            assertThat(listed.out()).doesNotContain("grantor:");
        }

        @Test
        void the_command_that_starts_a_new_installation_says_that_it_creates_the_database() {
            var created = grantor("businesses", "create", "--name", "Acme Software");

            assertThat(created.exitCode()).isZero();
            assertThat(created.err()).contains("grantor: creating a new database at "
                    + dataDir.resolve("grantor.db").toAbsolutePath().normalize());
            assertThat(grantor("migrate").err()).contains("grantor: using the database at");
        }

        @Test
        void a_command_that_expects_data_refuses_to_start_an_empty_database_and_leaves_nothing_behind() {
            for (String[] command : new String[][] {{"businesses", "list"}, {"api-keys", "list", "--business", "bus_000000000000000000000"},
                    {"api-keys", "revoke", "key_x"}, {"outbox", "list"}, {"outbox", "retry", "msg_x"},
                    {"outbox", "send-now", "msg_x"}}) {
                var refused = grantor(command);

                CliErrorsTest.assertOneLineFailure(refused, GrantorCli.FAILURE, "no database at "
                        + dataDir.resolve("grantor.db").toAbsolutePath().normalize());
                assertThat(refused.err()).contains("--data-dir").contains("GRANTOR_DATA_DIR").contains("--create");
                assertThat(Files.exists(dataDir.resolve("grantor.db"))).as(String.join(" ", command)).isFalse();
            }
        }

        /** The commands that need an existing business take no --create; their hint must not offer one. */
        @Test
        void a_command_without_create_does_not_offer_it_in_its_refusal() {
            for (String[] command : new String[][] {{"api-keys", "rename", "key_x", "--name", "billing"},
                    {"operators", "add", "--business", "bus_000000000000000000000", "--email", "ada@example.com"},
                    {"operators", "list", "--business", "bus_000000000000000000000"},
                    {"operators", "set-role", "--business", "bus_000000000000000000000", "--id", "op_x", "--role", "viewer"},
                    {"operators", "remove", "--business", "bus_000000000000000000000", "--id", "op_x"},
                    {"console", "login-link", "--business", "bus_000000000000000000000"}}) {
                var refused = grantor(command);

                CliErrorsTest.assertOneLineFailure(refused, GrantorCli.FAILURE, "no database at "
                        + dataDir.resolve("grantor.db").toAbsolutePath().normalize());
                assertThat(refused.err()).as(String.join(" ", command)).contains("--data-dir").doesNotContain("--create");
                assertThat(Files.exists(dataDir.resolve("grantor.db"))).as(String.join(" ", command)).isFalse();
            }
        }

        @Test
        void with_create_it_starts_the_database_and_says_so() {
            var listed = grantor("outbox", "list", "--create");

            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.err()).contains("grantor: creating a new database at");
            assertThat(Files.exists(dataDir.resolve("grantor.db"))).isTrue();
        }

        @Test
        void a_postgresql_database_is_named_by_its_url_without_secrets() {
            var result = Cli.run(Map.of(), "migrate", "--data-dir", dataDir.toString(), "--db-url",
                    "jdbc:postgresql://127.0.0.1:1/grantor?password=hunter2", "--db-user", "u", "--db-password", "p");

            assertThat(result.err()).contains("grantor: using the database at jdbc:postgresql://127.0.0.1:1/grantor\n")
                    .doesNotContain("hunter2");
        }
    }

    /** The form every instant takes in the API's answers (README, "Numbers and timestamps on the wire"). */
    static final String WIRE_INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Nested
    class Every_listing {

        @Test
        void prints_each_instant_in_the_one_form_the_api_writes_milliseconds_and_z() {
            String business = business("Acme Software");
            var created = grantor("api-keys", "create", "--business", business);
            String keyId = Api_keys.keyId(created);
            assertThat(grantor("api-keys", "revoke", keyId).exitCode()).isZero();
            assertThat(grantor("operators", "add", "--business", business, "--email", "ops@example.com").exitCode()).isZero();
            // a stored instant finer than a millisecond, as the system clock gives on most machines
            var at = java.time.Instant.parse("2026-11-27T10:15:30.123456789Z");
            try (var deployment = Deployment.open(DatabaseSettings.embedded(dataDir))) {
                var event = dev.grantor.application.port.out.OutboxMessage.fresh("evt_0VcB8VEEW3zuJXXS5BH0H",
                        new dev.grantor.domain.shared.BusinessId(business), dev.grantor.application.port.out.OutboxMessage.Kind.EVENT,
                        "entitlement_grant.created", "{}", at);
                deployment.storage().transactions().write(() -> {
                    deployment.storage().outbox().append(io.vavr.collection.List.of(event));
                    return io.vavr.control.Either.right(true);
                });
            }

            var businesses = grantor("businesses", "list").out().strip().split("\t");
            var keys = grantor("api-keys", "list", "--business", business).out().strip().split("\t");
            var operators = grantor("operators", "list", "--business", business).out().strip().split("\t");
            var outbox = grantor("outbox", "list").out().lines().filter(row -> row.startsWith("evt_0VcB8VEEW3zuJXXS5BH0H\t"))
                    .findFirst().orElseThrow().split("\t");

            assertThat(businesses[1]).as("business created at").matches(WIRE_INSTANT);
            assertThat(keys[3]).as("key created at").matches(WIRE_INSTANT);
            assertThat(keys[5]).as("key revoked at").matches(WIRE_INSTANT);
            assertThat(operators[2]).as("operator added at").matches(WIRE_INSTANT);
            assertThat(outbox[5]).as("message created at").isEqualTo("2026-11-27T10:15:30.123Z");
            assertThat(outbox[6]).as("message next attempt at").isEqualTo("2026-11-27T10:15:30.123Z");
        }
    }
}
