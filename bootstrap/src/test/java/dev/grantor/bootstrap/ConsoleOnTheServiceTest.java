package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on the service's own port, beside the API, opened the way a newcomer opens it: the link `serve` prints
 * for the first business, or `grantor console login-link`; operators added on the command line get links by email.
 */
class ConsoleOnTheServiceTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    Cli grantor(String... args) {
        var all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return Cli.run(all);
    }

    @Test
    void serve_on_the_embedded_database_prints_a_link_for_the_first_business_until_it_has_an_operator() throws Exception {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        try (var service = Service.start(settings)) {
            var lines = ConsoleCommand.firstLink(service, settings);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains(business).contains("15 minutes");
            String link = lines.get(1).strip();
            assertThat(link).startsWith(service.url() + "console/login/");

            String session = signIn(link);
            var queue = get(service.url().resolve("/console/"), session);
            assertThat(queue.statusCode()).isEqualTo(200);
            assertThat(queue.body()).contains("<h1>Queue");
            var api = get(service.url().resolve("/entitlements"), "");
            assertThat(api.statusCode()).as("the API on the same port").isEqualTo(401);
            assertThat(api.body()).contains("\"code\"");

            assertThat(grantor("operators", "add", "--business", business, "--email", "ops@acme.example").exitCode()).isZero();
            assertThat(ConsoleCommand.firstLink(service, settings)).as("an operator exists").isEmpty();
        }
    }

    @Test
    void login_link_prints_a_one_time_link_for_an_operator_and_the_sign_in_form_mails_one() throws Exception {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();
        String operator = grantor("operators", "add", "--business", business, "--email", "ops@acme.example").printed();
        assertThat(operator).startsWith("op_");
        assertThat(grantor("operators", "list", "--business", business).printed()).contains(operator + "\tops@acme.example");
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        try (var service = Service.start(settings)) {
            var printed = grantor("console", "login-link", "--business", business, "--email", "ops@acme.example",
                    "--public-url", service.url().toString());
            assertThat(printed.exitCode()).as(printed.err()).isZero();
            String session = signIn(printed.printed());
            assertThat(get(service.url().resolve("/console/"), session).statusCode()).isEqualTo(200);
            assertThat(grantor("console", "login-link", "--business", business, "--email", "nobody@acme.example").exitCode())
                    .isNotZero();

            var form = get(service.url().resolve("/console/sign-in"), "");
            String formCookie = cookie(form, "grantor_console_form");
            String csrf = csrf(form.body());
            var asked = post(service.url().resolve("/console/login"), formCookie, "_csrf=" + csrf + "&email=ops%40acme.example");
            assertThat(asked.statusCode()).isEqualTo(200);
            Path pickup = dataDir.resolve(MailSettings.PICKUP_DIRECTORY);
            // the relay sends it after the request's commit, so the answer never waits for the mail
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (signInMail(pickup).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var mail = signInMail(pickup).orElseThrow();
            var matcher = Pattern.compile("(http://\\S+/console/login/[A-Za-z0-9_-]{43})").matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            assertThat(get(URI.create(matcher.group(1)), "").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Before, only the console's links followed {@code --public-url}: a portal link named whatever address the merchant's
     * request came to (behind a proxy, the service's own; with a forged Host, anyone's), emailed as such to the customer.
     */
    @Test
    void a_portal_link_names_the_public_url_not_the_address_the_merchants_request_came_to() throws Exception {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();
        String apiKey = grantor("api-keys", "create", "--business", business).printed().strip();
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory())
                .withPublicUrl(URI.create("https://licenses.acme.example/"));
        try (var service = Service.start(settings)) {
            String entitlement = field(api(service, "POST", "/entitlements", apiKey,
                    "{\"name\":\"Acme Pro\",\"integration_type\":\"license_key\",\"integration_config\":{}}"), "id");
            String customer = field(api(service, "POST", "/entitlements/" + entitlement + "/grants", apiKey,
                    "{\"customer\":{\"email\":\"ada@example.com\"},\"payment_id\":\"pay_1\"}"), "customer_id");

            String link = field(api(service, "POST", "/customers/" + customer + "/customer-portal/session", apiKey, null), "link");

            assertThat(link).startsWith("https://licenses.acme.example/portal/link/");
        }
    }

    private static HttpResponse<String> api(Service service, String method, String path, String key, String body) throws Exception {
        var answer = send(service, method, path, key, body);
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return answer;
    }

    private static HttpResponse<String> send(Service service, String method, String path, String key, String body) throws Exception {
        var request = HttpRequest.newBuilder(service.url().resolve(path)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> answer, String name) {
        var matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(answer.body());
        assertThat(matcher.find()).as(answer.body()).isTrue();
        return matcher.group(1);
    }

    /** The command line and the running service share only the database: the removal reaches the service through it. */
    @Test
    void operators_remove_signs_out_the_operators_session_on_the_running_service_and_kills_their_unused_link() throws Exception {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();
        grantor("operators", "add", "--business", business, "--email", "leaver@acme.example");
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        try (var service = Service.start(settings)) {
            var link = grantor("console", "login-link", "--business", business, "--email", "leaver@acme.example",
                    "--public-url", service.url().toString());
            String session = signIn(link.printed());
            assertThat(get(service.url().resolve("/console/"), session).statusCode()).isEqualTo(200);
            String unused = grantor("console", "login-link", "--business", business, "--email", "leaver@acme.example",
                    "--public-url", service.url().toString()).printed();

            var removed = grantor("operators", "remove", "--business", business, "--email", "leaver@acme.example");

            assertThat(removed.exitCode()).as(removed.err()).isZero();
            var after = get(service.url().resolve("/console/"), session);
            assertThat(after.statusCode()).as("the next request of the open session").isEqualTo(303);
            assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/console/sign-in"));
            var page = get(URI.create(unused), "");
            var redeemed = post(URI.create(unused), cookie(page, "grantor_console_form"), "_csrf=" + csrf(page.body()));
            assertThat(redeemed.statusCode()).as("a link minted before the removal").isEqualTo(401);
        }
    }

    /**
     * Roles set on the command line reach the running service through the database, on the session's next request; a
     * link minted without --email is the owner's, with every right. A revoke of a grant nobody has is refused 403 by the
     * role check, and answered 404 by the use case once past it. Both changes of access are on the Team page, read from
     * the same database. On the embedded database and on PostgreSQL.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "on PostgreSQL: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void a_viewer_s_session_is_refused_changes_until_set_role_makes_it_an_operator_and_the_owner_s_link_may_change(
            boolean postgres) throws Exception {
        var database = postgres ? TestPostgres.newDatabase(dataDir) : DatabaseSettings.embedded(dataDir);
        java.util.function.Function<String[], Cli> cli = args -> Cli.run(ManualFulfillmentEndToEndTest.concat(args,
                TestPostgres.options(database)));
        String business = cli.apply(new String[] {"businesses", "create", "--name", "Acme Software"}).printed();
        var added = cli.apply(new String[] {"operators", "add", "--business", business, "--email", "vic@acme.example",
                "--role", "viewer"});
        assertThat(added.exitCode()).as(added.err()).isZero();
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            String url = service.url().toString();
            String viewer = signIn(cli.apply(new String[] {"console", "login-link", "--business", business, "--email",
                    "vic@acme.example", "--public-url", url}).printed());
            String owner = signIn(cli.apply(new String[] {"console", "login-link", "--business", business, "--public-url", url})
                    .printed());
            URI revoke = service.url().resolve("/console/grants/entg_000000000000000000000/revoke");

            var refused = post(revoke, viewer, "_csrf=" + csrf(get(service.url().resolve("/console/"), viewer).body()) + "&reason=manual");
            var set = cli.apply(new String[] {"operators", "set-role", "--business", business, "--email", "VIC@acme.example",
                    "--role", "operator"});
            var allowed = post(revoke, viewer, "_csrf=" + csrf(get(service.url().resolve("/console/"), viewer).body()) + "&reason=manual");
            var byOwner = post(revoke, owner, "_csrf=" + csrf(get(service.url().resolve("/console/"), owner).body()) + "&reason=manual");

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Your role in this console is viewer");
            assertThat(set.exitCode()).as(set.err()).isZero();
            assertThat(allowed.statusCode()).as("past the role check, the use case's answer").isEqualTo(404);
            assertThat(byOwner.statusCode()).isEqualTo(404);
            var team = get(service.url().resolve("/console/team"), viewer);
            assertThat(team.statusCode()).isEqualTo(200);
            assertThat(team.body()).as("the command line's changes, newest first, read from this database").containsSubsequence(
                    "the owner (command line)", "changed an operator's role", "vic@acme.example", "from viewer to operator",
                    "the owner (command line)", "added an operator", "vic@acme.example", "role viewer");
        }
    }

    /**
     * "Who changed this customer's email?" answered on the console whatever path made the change: a key's PATCH over
     * HTTP is in the customer's history under the key's id (never its token), written with the change; a PATCH the API
     * refuses (an address another customer has) writes neither. The page's other entries are the key's POST that created
     * the customer and its issue of a grant that moved the customer's email. On the embedded database and on PostgreSQL.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "on PostgreSQL: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void a_customer_changed_through_the_api_shows_the_change_and_the_key_that_made_it_on_the_console(boolean postgres)
            throws Exception {
        var database = postgres ? TestPostgres.newDatabase(dataDir) : DatabaseSettings.embedded(dataDir);
        java.util.function.Function<String[], Cli> cli = args -> Cli.run(ManualFulfillmentEndToEndTest.concat(args,
                TestPostgres.options(database)));
        String business = cli.apply(new String[] {"businesses", "create", "--name", "Acme Software"}).printed();
        String token = cli.apply(new String[] {"api-keys", "create", "--business", business}).printed().strip();
        String keyId = cli.apply(new String[] {"api-keys", "list", "--business", business}).printed().split("\t")[0];
        assertThat(keyId).startsWith("key_");
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            String customer = field(api(service, "POST", "/customers", token, "{\"email\":\"ada@typo.example\",\"name\":\"Ada\"}"), "customer_id");
            api(service, "POST", "/customers", token, "{\"email\":\"bob@example.com\"}");

            api(service, "PATCH", "/customers/" + customer, token, "{\"email\":\"ada@example.com\"}");
            var refused = send(service, "PATCH", "/customers/" + customer, token, "{\"email\":\"bob@example.com\",\"name\":\"Ada B\"}");
            String entitlement = field(api(service, "POST", "/entitlements", token,
                    "{\"name\":\"Acme Pro\",\"integration_type\":\"license_key\",\"integration_config\":{}}"), "id");
            api(service, "POST", "/entitlements/" + entitlement + "/grants", token,
                    "{\"customer\":{\"customer_id\":\"" + customer + "\",\"email\":\"ada@work.example\"},\"payment_id\":\"pay_1\"}");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            String owner = signIn(cli.apply(new String[] {"console", "login-link", "--business", business, "--public-url",
                    service.url().toString()}).printed());
            var page = get(service.url().resolve("/console/customers/" + customer), owner);
            assertThat(page.statusCode()).isEqualTo(200);
            String history = page.body().substring(page.body().indexOf("<h2 id=\"history\""));
            history = history.substring(0, history.indexOf("</ol>"));
            assertThat(history).containsSubsequence("API key " + keyId + " · email ada@example.com → ada@work.example",
                    "API key " + keyId + " · email ada@typo.example → ada@example.com",
                    "API key " + keyId + " · created, email ada@typo.example");
            assertThat(history).as("the refused PATCH").doesNotContain("bob@example.com").doesNotContain("name")
                    .doesNotContain(token.substring(0, 12));
            assertThat(history.split("<li>")).as("three entries").hasSize(4);
        }
    }

    /**
     * A key rotated thirty times through the API: its grant's page on the console shows the newest 25 entries of the
     * timeline, the older ones a link away, numbered on from 26, each entry once; a link the console did not make is
     * refused. On the embedded database and on PostgreSQL, whose stores each read a page by position.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "on PostgreSQL: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void a_grant_s_timeline_pages_from_the_newest_with_its_entries_numbered_across_the_pages(boolean postgres) throws Exception {
        var database = postgres ? TestPostgres.newDatabase(dataDir) : DatabaseSettings.embedded(dataDir);
        java.util.function.Function<String[], Cli> cli = args -> Cli.run(ManualFulfillmentEndToEndTest.concat(args,
                TestPostgres.options(database)));
        String business = cli.apply(new String[] {"businesses", "create", "--name", "Acme Software"}).printed();
        String token = cli.apply(new String[] {"api-keys", "create", "--business", business}).printed().strip();
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            String entitlement = field(api(service, "POST", "/entitlements", token, "{\"name\":\"Acme Pro\",\"integration_type\":"
                    + "\"license_key\",\"integration_config\":{\"fulfillment_mode\":\"auto\"}}"), "id");
            String grant = field(api(service, "POST", "/entitlements/" + entitlement + "/grants", token,
                    "{\"customer\":{\"email\":\"ada@example.com\"},\"payment_id\":\"pay_1\"}"), "id");
            String key = field(api(service, "GET", "/license_keys", token, null), "id");
            for (int n = 0; n < 30; n++) {
                api(service, "POST", "/license_keys/" + key + "/rotate", token, "{}");
            }
            String owner = signIn(cli.apply(new String[] {"console", "login-link", "--business", business, "--public-url",
                    service.url().toString()}).printed());

            var first = get(service.url().resolve("/console/grants/" + grant), owner);
            assertThat(first.statusCode()).isEqualTo(200);
            var older = Pattern.compile("<a href=\"(/console/grants/" + grant + "\\?before=[^\"#]+)#timeline\">Older entries</a>")
                    .matcher(first.body());
            assertThat(older.find()).as("the link to the older entries").isTrue();
            var second = get(service.url().resolve(older.group(1).replace("&amp;", "&")), owner);
            var forged = get(service.url().resolve("/console/grants/" + grant + "?before=2026-01-01T00:00:00Z~action~aud_1~0"), owner);

            assertThat(timeline(first.body())).contains("<ol class=\"timeline\" start=\"1\">").doesNotContain("Newest entries");
            assertThat(timeline(first.body()).split("<li>")).as("25 entries").hasSize(26);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(timeline(second.body())).contains("<ol class=\"timeline\" start=\"26\">").contains("Newest entries");
            assertThat(timeline(second.body()).split("<li>")).as("25 entries").hasSize(26);
            var evenOlder = Pattern.compile("<a href=\"(/console/grants/" + grant + "\\?before=[^\"#]+)#timeline\">Older entries</a>")
                    .matcher(second.body());
            assertThat(evenOlder.find()).as("the link to the oldest entries").isTrue();
            var third = get(service.url().resolve(evenOlder.group(1).replace("&amp;", "&")), owner);
            assertThat(timeline(third.body())).contains("<ol class=\"timeline\" start=\"51\">").doesNotContain("Older entries");
            assertThat(timeline(third.body()).split("<li>"))
                    .as("the other 13 of 63: 30 rotations and the emails of their keys, issued, delivered, its email").hasSize(14);
            String all = timeline(first.body()) + timeline(second.body()) + timeline(third.body());
            var rotations = Pattern.compile("<strong>Key rotated</strong> <span class=\"muted\">[^<]*</span> · by API key (key_\\w+)")
                    .matcher(all).results().count();
            assertThat(rotations).isEqualTo(30);
            assertThat(Pattern.compile("<strong>Delivery email</strong> <span class=\"muted\">[^<]*</span> · (queued|sent )")
                    .matcher(all).results().count()).as("the delivery email and each new key's, linked to the grant in the store")
                    .isEqualTo(31);
            assertThat(timeline(third.body())).containsSubsequence("<strong>Delivery email</strong>", "Delivered", "Issued");
            assertThat(forged.statusCode()).isEqualTo(400);
        }
    }

    /**
     * A deployment upgrading from before emails named their grant (SQLite V35) sees a grant's earlier delivery email on
     * its page. The store is an older release's: the released migrations to V19 and the rows a session-24 Grantor wrote
     * on them (adapters-persistence's fixture, a queued delivery email among them, which names its grant only in its
     * payload); the service's first start on it applies every later migration, V37's backfill links the email to its
     * grant. Nothing here names a migration after V19, so a new one needs no change here.
     */
    @Test
    void a_delivery_email_written_before_emails_named_their_grant_is_on_the_grant_s_page_after_the_upgrade() throws Exception {
        var database = DatabaseSettings.embedded(dataDir);
        String business = "bus_0Vcv9BnJDnn5jTfmI4nIb";
        String grant = "entg_0Vcv9g2KKU3LeEaMRTU09";
        String url = "jdbc:sqlite:" + database.embeddedFile();
        Files.createDirectories(dataDir);
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                .target("19").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(url); var statement = connection.createStatement()) {
            // the dump lists tables by name, not in the order their foreign keys need
            statement.execute("PRAGMA foreign_keys = OFF");
            for (String insert : olderRelease("upgrade/sqlite-v19.sql")) {
                statement.execute(insert);
            }
            try (var emails = statement.executeQuery("SELECT count(*) FROM outbox WHERE kind = 'EMAIL'"
                    + " AND payload LIKE '%\"grant_id\":\"" + grant + "\"%'")) {
                assertThat(emails.next() && emails.getInt(1) == 1).as("the grant's delivery email, named in its payload only")
                        .isTrue();
            }
        }

        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            String owner = signIn(grantor("console", "login-link", "--business", business, "--public-url",
                    service.url().toString()).printed());
            var page = get(service.url().resolve("/console/grants/" + grant), owner);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(Pattern.compile("<strong>Delivery email</strong> <span class=\"muted\">[^<]*</span> · (queued|sent )")
                    .matcher(timeline(page.body())).results().count()).as("the email from before the link, on its grant's page")
                    .isEqualTo(1);
        }
    }

    /** The INSERTs of a fixture an older release's rows were dumped to, one a line or spread over several. */
    private static java.util.List<String> olderRelease(String fixture) throws java.io.IOException {
        try (var in = ConsoleOnTheServiceTest.class.getClassLoader().getResourceAsStream(fixture)) {
            assertThat(in).as(fixture + " from adapters-persistence's test-jar").isNotNull();
            String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return java.util.Arrays.stream(sql.split("(?m)^(?=INSERT INTO )")).filter(part -> part.startsWith("INSERT INTO "))
                    .map(String::strip).toList();
        }
    }

    /** A grant page's timeline part, from its heading to its page links. */
    private static String timeline(String page) {
        String part = page.substring(page.indexOf("<h2 id=\"timeline\""));
        int end = part.indexOf("</nav>");
        return end < 0 ? part.substring(0, part.indexOf("</ol>")) : part.substring(0, end);
    }

    /**
     * "Who made the key our billing system used, who renamed it, who killed it, and when?" answered on the Team page:
     * each command's change is an entry by the owner, in order, the key named by its present name and id, each name
     * as it was then in the detail, escaped; a second revocation adds nothing, and a second live key may not take a
     * name one holds (the command says so and fails). On the embedded database and on PostgreSQL.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "on PostgreSQL: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void an_api_key_s_life_on_the_command_line_is_on_the_team_page_by_the_owner(boolean postgres) throws Exception {
        var database = postgres ? TestPostgres.newDatabase(dataDir) : DatabaseSettings.embedded(dataDir);
        java.util.function.Function<String[], Cli> cli = args -> Cli.run(ManualFulfillmentEndToEndTest.concat(args,
                TestPostgres.options(database)));
        String business = cli.apply(new String[] {"businesses", "create", "--name", "Acme Software"}).printed();
        var created = cli.apply(new String[] {"api-keys", "create", "--business", business, "--read-only", "--name", "billing"});
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = cli.apply(new String[] {"api-keys", "list", "--business", business}).printed().split("\t")[0];
        CliErrorsTest.assertOneLineFailure(cli.apply(new String[] {"api-keys", "create", "--business", business, "--name", " BILLING"}),
                GrantorCli.FAILURE, "API key " + key + " of this business is named “billing” already");
        for (String[] change : new String[][] {{"--name", "<i>old</i> & billing"}, {"--no-name"}, {"--name", "billing-old"}}) {
            var renamed = cli.apply(ManualFulfillmentEndToEndTest.concat(new String[] {"api-keys", "rename", key}, change));
            assertThat(renamed.exitCode()).as(renamed.err()).isZero();
        }
        assertThat(cli.apply(new String[] {"api-keys", "revoke", key}).exitCode()).isZero();
        assertThat(cli.apply(new String[] {"api-keys", "revoke", key}).exitCode()).as("again: nothing changes").isZero();
        var reused = cli.apply(new String[] {"api-keys", "create", "--business", business, "--name", "billing-old"});
        assertThat(reused.exitCode()).as("a revoked key's name is free: " + reused.err()).isZero();

        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory()))) {
            String owner = signIn(cli.apply(new String[] {"console", "login-link", "--business", business, "--public-url",
                    service.url().toString()}).printed());
            var team = get(service.url().resolve("/console/team"), owner);
            assertThat(team.statusCode()).isEqualTo(200);

            var rows = Pattern.compile("<tr><td data-label=\"When\">[^<]*</td><td data-label=\"By\">([^<]*)</td>"
                            + "<td data-label=\"Change\">([^<]*)</td><td data-label=\"Operator or API key\">([^<]*)</td>"
                            + "<td data-label=\"Detail\">([^<]*)</td></tr>").matcher(team.body()).results()
                    .map(m -> m.group(1) + " | " + m.group(2) + " | " + m.group(3) + " | " + m.group(4)).toList();
            String named = "API key “billing-old” (" + key + ")";
            assertThat(rows.subList(1, rows.size())).containsExactly(
                    "the owner (command line) | revoked an API key | " + named + " | read-only, named “billing-old”",
                    "the owner (command line) | renamed an API key | " + named + " | no name → “billing-old”",
                    "the owner (command line) | renamed an API key | " + named + " | “&lt;i&gt;old&lt;/i&gt; &amp; billing” → no name",
                    "the owner (command line) | renamed an API key | " + named + " | “billing” → “&lt;i&gt;old&lt;/i&gt; &amp; billing”",
                    "the owner (command line) | created an API key | " + named + " | read-only, named “billing”");
            assertThat(rows.getFirst()).as("the new key, named as the revoked one was")
                    .startsWith("the owner (command line) | created an API key | API key “billing-old” (key_")
                    .endsWith(" | read-write, named “billing-old”").doesNotContain(key);
            assertThat(team.body()).doesNotContain("<i>old").contains("grantor api-keys revoke KEY_ID");
        }
    }

    @Test
    void login_link_names_the_service_serve_s_environment_configures_the_port_or_the_public_url() throws Exception {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        try (var service = Service.start(settings)) {
            var env = java.util.Map.of("GRANTOR_PORT", Integer.toString(service.port()), "GRANTOR_DATA_DIR", dataDir.toString());

            var byPort = Cli.run(env, "console", "login-link", "--business", business);

            assertThat(byPort.exitCode()).as(byPort.err()).isZero();
            assertThat(byPort.printed()).startsWith(service.url() + "console/login/");
            assertThat(get(service.url().resolve("/console/"), signIn(byPort.printed())).statusCode()).isEqualTo(200);
            var withPublicUrl = new java.util.HashMap<>(env);
            withPublicUrl.put("GRANTOR_PUBLIC_URL", "https://grantor.example.com");
            assertThat(Cli.run(withPublicUrl, "console", "login-link", "--business", business).printed())
                    .as("the public URL wins over the port, as in serve's links").startsWith("https://grantor.example.com/console/login/");
            assertThat(Cli.run(env, "console", "login-link", "--business", business, "--host", "0.0.0.0").printed())
                    .as("a wildcard address is reached through loopback").startsWith(service.url() + "console/login/");
        }
    }

    @Test
    void login_link_without_a_public_url_refuses_a_port_serve_picks_at_start() {
        String business = grantor("businesses", "create", "--name", "Acme Software").printed();

        var refused = Cli.run(java.util.Map.of("GRANTOR_PORT", "0"), "console", "login-link", "--business", business,
                "--data-dir", dataDir.toString());

        CliErrorsTest.assertOneLineFailure(refused, GrantorCli.USAGE,
                "GRANTOR_PORT is 0: serve picks a free port at start, which only the running service knows; give --public-url");
    }

    /**
     * The sign-in form's per-client limit counts the client the API's limits count: behind a trusted proxy, the address
     * it forwards (so two clients of one proxy are two); from anyone else the header is ignored, so a client cannot
     * buy a fresh count by writing its own {@code X-Forwarded-For}.
     */
    @Test
    void the_sign_in_forms_limit_counts_the_client_a_trusted_proxy_names_and_ignores_anyone_elses_header() throws Exception {
        grantor("businesses", "create", "--name", "Acme Software");
        var local = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        int limit = dev.grantor.application.port.in.OperatorAccess.LINK_REQUESTS_PER_CLIENT_PER_MINUTE;
        for (String trusted : new String[] {"127.0.0.1", ""}) {
            var settings = new ServiceSettings(local.rest().withTrustedProxies(
                    dev.grantor.adapter.rest.RestSettings.TrustedProxies.parse(trusted)), local.database(), local.mail(),
                    local.relay(), local.relayPolicy(), local.dispatchPolicy(), local.publicUrl(), local.apiKeyCacheTtl(),
                    local.webhookKeepIdle());
            try (var service = Service.start(settings)) {
                var form = get(service.url().resolve("/console/sign-in"), "");
                String cookie = cookie(form, "grantor_console_form");
                String body = "_csrf=" + csrf(form.body()) + "&email=someone%40acme.example";
                URI login = service.url().resolve("/console/login");
                for (int i = 0; i < limit; i++) {
                    assertThat(post(login, cookie, body, "198.51.100." + (trusted.isEmpty() ? i : 1)).statusCode()).isEqualTo(200);
                }

                var past = post(login, cookie, body, "198.51.100." + (trusted.isEmpty() ? limit : 1));
                var another = post(login, cookie, body, "198.51.100.2");

                assertThat(past.statusCode()).as("trusting '" + trusted + "'").isEqualTo(429);
                assertThat(past.headers().firstValue("Retry-After")).isPresent();
                assertThat(another.statusCode()).as("another client, trusting '" + trusted + "'")
                        .isEqualTo(trusted.isEmpty() ? 429 : 200);
            }
        }
    }

    static HttpResponse<String> post(URI uri, String cookie, String form, String forwardedFor) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).header("Cookie", cookie).header("X-Forwarded-For", forwardedFor)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Optional<Path> signInMail(Path pickup) throws java.io.IOException {
        if (!Files.isDirectory(pickup)) {
            return java.util.Optional.empty();
        }
        try (var files = Files.list(pickup)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sign-in-")).findFirst();
        }
    }

    /** Opens the link's page, presses its button (a POST with the form's token), answers the session cookie. */
    static String signIn(String link) throws Exception {
        var page = get(URI.create(link), "");
        assertThat(page.statusCode()).isEqualTo(200);
        var redeemed = post(URI.create(link), cookie(page, "grantor_console_form"), "_csrf=" + csrf(page.body()));
        assertThat(redeemed.statusCode()).isEqualTo(303);
        return cookie(redeemed, "grantor_console");
    }

    static String csrf(String html) {
        var m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    static HttpResponse<String> get(URI uri, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(uri).GET();
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI uri, String cookie, String form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
