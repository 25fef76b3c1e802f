package dev.grantor.bootstrap;

import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.cookie;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.csrf;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.get;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.application.background.AfterTheAnswer;
import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.domain.shared.BusinessId;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flood of sign-ins cannot lock everyone out of the sign-in queue. A host routed an IPv6 /48 asks from a fresh /64
 * each time, so no per-client limit holds it back: before the site's share it filled the queue that every business's
 * console and portal sign-ins waited in (found at about 650 requests a second on SQLite, dev-notes s35 attack), and ten
 * such sites still did before the console's own places and the business's share (s36); four flooded shops still filled
 * the portal, and ten sites flooding the console's form the console, while a share was a fixed number of places, not a
 * part of what the others leave (s37). Over the service's port and
 * its SQLite database, behind a trusted proxy naming each client; the worker is held busy so that nothing drains, and
 * each request comes from a /64 of its own and names an email of its own, so no per-client or per-email limit is met.
 */
class SignInQueueShareOnTheServiceTest {

    /**
     * More sites than it took to fill a lane at fixed shares (the portal's places at {@link AfterTheAnswer#SITE_SHARE}
     * each, the console's at {@link AfterTheAnswer#CONSOLE_SITE_SHARE}).
     */
    private static final int FLOODING_SITES = 12;

    @TempDir
    Path dataDir;

    @Test
    void a_site_past_its_share_waits_and_other_sites_and_the_console_are_still_served() throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Acme").get().id();
            var portal = portalForm(service, business);
            var console = consoleForm(service);

            var busy = new CountDownLatch(1);
            assertThat(grantor.afterTheAnswer().handOff(new SignInRequest.Console("192.0.2.1"), () -> await(busy))).isTrue();
            try {
                for (int i = 0; i < AfterTheAnswer.SITE_SHARE; i++) {
                    assertThat(portal.ask("someone-" + i + "@example.com", "2001:db8:1:" + Integer.toHexString(i) + "::1")
                            .statusCode()).as("request %d of the site, each from a /64 of its own", i).isEqualTo(200);
                }

                var past = portal.ask("next@example.com", "2001:db8:1:ffff::1");
                assertThat(past.statusCode()).as("past the site's share").isEqualTo(429);
                assertThat(past.headers().firstValue("Retry-After")).as("as a full queue answers").hasValue("60");
                assertThat(console.ask("ops@example.com", "2001:db8:1:fffe::1").statusCode())
                        .as("the console's form, same site: the console's places are its own").isEqualTo(200);
                assertThat(portal.ask("next@example.com", "2001:db8:2::1").statusCode()).as("another /48").isEqualTo(200);
                assertThat(console.ask("ops@example.com", "198.51.100.7").statusCode()).as("an IPv4 client").isEqualTo(200);
            } finally {
                busy.countDown();
            }
            assertThat(grantor.afterTheAnswer().settle(Duration.ofSeconds(30))).isTrue();
            assertThat(portal.ask("later@example.com", "2001:db8:1:fffd::1").statusCode())
                    .as("the site, once its work is done").isEqualTo(200);
        }
    }

    @Test
    void a_flood_of_one_shops_form_from_many_sites_leaves_other_shops_and_the_console_served_and_writes_only_what_it_may()
            throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var acme = grantor.access().createBusiness("Acme").get().id();
            var bravo = grantor.access().createBusiness("Bravo").get().id();
            var acmePortal = portalForm(service, acme);
            var bravoPortal = portalForm(service, bravo);
            var console = consoleForm(service);

            var busy = new CountDownLatch(1);
            assertThat(grantor.afterTheAnswer().handOff(new SignInRequest.Console("192.0.2.1"), () -> await(busy))).isTrue();
            try {
                long rowsBefore = throttleRows();
                var answers = flood(List.of(acmePortal), AfterTheAnswer.SITE_SHARE);

                assertThat(answers.stream().filter(status -> status == 200).count()).as("Acme's requests served")
                        .isEqualTo(AfterTheAnswer.BUSINESS_SHARE);
                assertThat(answers).as("and every other one told to wait, as a full queue tells")
                        .containsOnly(200, 429).hasSize(FLOODING_SITES * AfterTheAnswer.SITE_SHARE);
                assertThat(throttleRows() - rowsBefore)
                        .as("a client's and an email's count for each request served, none for those refused")
                        .isEqualTo(2L * AfterTheAnswer.BUSINESS_SHARE);

                assertThat(bravoPortal.ask("buyer@example.com", "203.0.113.9").statusCode()).as("Bravo's customer")
                        .isEqualTo(200);
                assertThat(bravoPortal.ask("buyer2@example.com", site(FLOODING_SITES - 1) + ":ffff::1").statusCode())
                        .as("Bravo's customer within a flooding site").isEqualTo(200);
                assertThat(console.ask("ops@example.com", "198.51.100.7").statusCode()).as("an operator").isEqualTo(200);
            } finally {
                busy.countDown();
            }
            assertThat(grantor.afterTheAnswer().settle(Duration.ofMinutes(2))).isTrue();
            assertThat(acmePortal.ask("later@example.com", "203.0.113.10").statusCode())
                    .as("Acme's customers, once the flood's work is done").isEqualTo(200);
        }
    }

    @Test
    void a_flood_of_five_shops_forms_from_many_sites_leaves_a_sixth_shops_customer_a_code_and_an_operator_a_link()
            throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var shops = new ArrayList<Form>();
            for (String name : List.of("Acme", "Charlie", "Delta", "Echo", "Golf")) {
                shops.add(portalForm(service, grantor.access().createBusiness(name).get().id()));
            }
            var bravo = grantor.access().createBusiness("Bravo").get().id();
            grantor.customers().create(bravo, new CreateCustomer("buyer@example.com", "Buyer", null, Map.of())).get();
            var bravoPortal = portalForm(service, bravo);
            var console = consoleForm(service);
            grantor.operatorAccess().add(bravo, "ops@bravo.example").get();

            var busy = new CountDownLatch(1);
            assertThat(grantor.afterTheAnswer().handOff(new SignInRequest.Console("192.0.2.1"), () -> await(busy))).isTrue();
            try {
                var answers = flood(shops, AfterTheAnswer.SITE_SHARE);

                for (int shop = 0; shop < shops.size(); shop++) {
                    int s = shop;
                    assertThat(IntStream.range(0, answers.size()).filter(i -> i % shops.size() == s)
                            .map(answers::get)).as("shop %d, flooded past what it may hold", shop).contains(200, 429);
                }
                assertThat(bravoPortal.ask("buyer@example.com", "203.0.113.9").statusCode())
                        .as("Bravo's customer, Bravo idle when the flood began").isEqualTo(200);
                assertThat(console.ask("ops@bravo.example", "198.51.100.7").statusCode()).as("an operator").isEqualTo(200);
                assertThat(answers.stream().filter(status -> status == 200).count())
                        .as("portal requests served: the five shops leave places").isLessThan(AfterTheAnswer.PORTAL_PLACES);
            } finally {
                busy.countDown();
            }
            assertThat(grantor.afterTheAnswer().settle(Duration.ofMinutes(2))).isTrue();
            assertThat(emailsOf(bravo)).as("the code's email and the link's, queued for Bravo").isEqualTo(2);
        }
    }

    @Test
    void a_flood_of_the_consoles_form_from_many_sites_leaves_an_operator_a_link() throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var acme = grantor.access().createBusiness("Acme").get().id();
            grantor.operatorAccess().add(acme, "ops@acme.example").get();
            var console = consoleForm(service);

            var busy = new CountDownLatch(1);
            // a portal request holds the worker, so that every console place is free and nothing drains
            assertThat(grantor.afterTheAnswer().handOff(new SignInRequest.Portal(acme, "192.0.2.1"), () -> await(busy)))
                    .isTrue();
            try {
                var answers = flood(List.of(console), 2 * AfterTheAnswer.CONSOLE_SITE_SHARE);

                for (int s = 0; s < FLOODING_SITES; s++) {
                    assertThat(answers.subList(s * 2 * AfterTheAnswer.CONSOLE_SITE_SHARE,
                            (s + 1) * 2 * AfterTheAnswer.CONSOLE_SITE_SHARE)).as("site %d, flooded past what it may hold", s)
                            .contains(429);
                }
                assertThat(console.ask("ops@acme.example", "198.51.100.7").statusCode())
                        .as("an operator from a network that was not flooding").isEqualTo(200);
            } finally {
                busy.countDown();
            }
            assertThat(grantor.afterTheAnswer().settle(Duration.ofMinutes(2))).isTrue();
            assertThat(emailsOf(acme)).as("the operator's link email").isEqualTo(1);
        }
    }

    /**
     * {@value #FLOODING_SITES} sites, one after another, each asking {@code each} times, each request from a /64 of its
     * own and for an email of its own, the sites' requests spread over {@code forms} in turn; the statuses, in order.
     */
    private static List<Integer> flood(List<Form> forms, int each) throws Exception {
        var statuses = new ArrayList<Integer>();
        for (int s = 0; s < FLOODING_SITES; s++) {
            for (int i = 0; i < each; i++) {
                var answer = forms.get(i % forms.size()).ask("flood-" + s + "-" + i + "@example.com",
                        site(s) + ":" + Integer.toHexString(i) + "::1");
                if (answer.statusCode() == 429) {
                    assertThat(answer.headers().firstValue("Retry-After")).as("site %d, request %d", s, i).hasValue("60");
                }
                statuses.add(answer.statusCode());
            }
        }
        return statuses;
    }

    /** The first three groups of the {@code s}-th flooding site's /48. */
    private static String site(int s) {
        return "2001:db8:" + Integer.toHexString(0x100 + s);
    }

    private long throttleRows() throws Exception {
        return count("SELECT count(*) FROM throttle_windows");
    }

    /** The emails the outbox holds for {@code business}, sent or not. */
    private long emailsOf(BusinessId business) throws Exception {
        return count("SELECT count(*) FROM outbox WHERE kind = 'EMAIL' AND business_id = '" + business.value() + "'");
    }

    private long count(String query) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(DatabaseSettings.EMBEDDED_FILE));
             var rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private ServiceSettings settings() {
        var local = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        return new ServiceSettings(local.rest().withTrustedProxies(TrustedProxies.parse("127.0.0.1")),
                local.database(), local.mail(), false, local.relayPolicy(), local.dispatchPolicy(), local.publicUrl(),
                local.apiKeyCacheTtl(), local.webhookKeepIdle());
    }

    private static Form portalForm(Service service, BusinessId business) throws Exception {
        var page = get(service.url().resolve("/portal/" + business.value()), "");
        return new Form(service.url().resolve("/portal/" + business.value() + "/code"), cookie(page, "grantor_portal_form"),
                csrf(page.body()));
    }

    private static Form consoleForm(Service service) throws Exception {
        var page = get(service.url().resolve("/console/sign-in"), "");
        return new Form(service.url().resolve("/console/login"), cookie(page, "grantor_console_form"), csrf(page.body()));
    }

    private record Form(URI action, String cookie, String csrf) {
        HttpResponse<String> ask(String email, String client) throws Exception {
            return post(action, cookie, "_csrf=" + csrf + "&email=" + email.replace("@", "%40"), client);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
