package dev.grantor.bootstrap;

import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.cookie;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.csrf;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.get;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.domain.shared.BusinessId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two sign-in forms answer an address someone has (an operator of one business or of twenty, a customer) as fast
 * as one nobody has, on the service's own port and its SQLite database, where finding the address and writing its link
 * or code cost milliseconds, not microseconds as in memory. Before the lookup moved after the answer, an operator of 20
 * businesses took a median 5.5 ms longer than an unknown address (load 6, 200 of each, dev-notes s33 probe).
 *
 * <p>Robust on two loaded shared cores: every address is asked once (no hourly limit answers first) from a client of
 * its own (no per-client limit either); each round asks both kinds one after the other, in turns, and the test takes
 * the median of the rounds' differences, so a burst of load on the machine lands in a few rounds, not on one side.
 * Each request is asked once the work handed off by the one before is done, on a service without the relay (as
 * {@code serve --no-relay}): what is timed is the answer itself. Asked back to back, an operator's work after the
 * answer, and the relay's sending of its email, still compete with the next request for the database (SQLite has one
 * writer) and the cores: a residue the per-client limit keeps to a few samples a minute.
 */
class SignInTimingOnTheServiceTest {

    private static final int WARM = 10;
    private static final int ROUNDS = 50;
    /**
     * On two cores at load 5 to 12 the paired medians of the same code swung by up to 6 ms on SQLite: a bound the old
     * console's 20 ms on PostgreSQL clears, and the old portal's 2 ms does not ({@code PortalCodeAfterTheAnswerTest}
     * proves the portal's order of work instead, without a clock).
     */
    private static final Duration WITHIN = Duration.ofMillis(8);

    @TempDir
    Path dataDir;

    private int client;

    @Test
    void the_console_answers_an_operator_of_twenty_businesses_as_fast_as_an_unknown_address() throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var businesses = new ArrayList<BusinessId>();
            for (int i = 0; i < 20; i++) {
                businesses.add(grantor.access().createBusiness("Shop " + i).get().id());
            }
            for (int i = 0; i < WARM + ROUNDS; i++) {
                for (var business : businesses) {
                    grantor.operatorAccess().add(business, "op20-" + i + "@acme.example").get();
                }
            }
            var form = get(service.url().resolve("/console/sign-in"), "");
            String cookie = cookie(form, "grantor_console_form");
            String csrf = csrf(form.body());
            URI login = service.url().resolve("/console/login");

            assertPairedSimilar(service, "console link request", "operator of 20",
                    i -> ask(login, cookie, csrf, "op20-" + i + "@acme.example"),
                    "unknown", i -> ask(login, cookie, csrf, "nobody-" + i + "@acme.example"));
        }
    }

    @Test
    void the_portal_answers_a_customer_s_email_as_fast_as_a_stranger_s() throws Exception {
        try (var service = Service.start(settings())) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Acme").get().id();
            for (int i = 0; i < WARM + ROUNDS; i++) {
                grantor.customers().create(business, new CreateCustomer("cust-" + i + "@example.com", "Customer " + i, null,
                        Map.of())).get();
            }
            var form = get(service.url().resolve("/portal/" + business.value()), "");
            String cookie = cookie(form, "grantor_portal_form");
            String csrf = csrf(form.body());
            URI code = service.url().resolve("/portal/" + business.value() + "/code");

            assertPairedSimilar(service, "portal code request", "customer", i -> ask(code, cookie, csrf, "cust-" + i + "@example.com"),
                    "stranger", i -> ask(code, cookie, csrf, "stranger-" + i + "@example.com"));
        }
    }

    private ServiceSettings settings() {
        var local = ServiceSettings.local(TestPostgres.newDatabase(dataDir), MailSettings.pickupDirectory());
        return new ServiceSettings(local.rest().withTrustedProxies(TrustedProxies.parse("127.0.0.1")), local.database(),
                local.mail(), false, local.relayPolicy(), local.dispatchPolicy(), local.publicUrl(),
                local.apiKeyCacheTtl(), local.webhookKeepIdle());
    }

    private long ask(URI uri, String cookie, String csrf, String email) {
        client++;
        long started = System.nanoTime();
        try {
            var answer = post(uri, cookie, "_csrf=" + csrf + "&email=" + email.replace("@", "%40"),
                    "10." + (client / 250) + "." + (client % 250) + ".1");
            long took = System.nanoTime() - started;
            assertThat(answer.statusCode()).as(email).isEqualTo(200);
            return took;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Rounds of one request of each kind, taking turns at going first; the median of their differences, within bounds. */
    private static void assertPairedSimilar(Service service, String what, String first, IntFunction<Long> firstKind,
                                            String second, IntFunction<Long> secondKind) throws InterruptedException {
        var differences = new ArrayList<Long>();
        for (int i = 0; i < WARM + ROUNDS; i++) {
            long a;
            long b;
            if (i % 2 == 0) {
                quiet(service);
                a = firstKind.apply(i);
                quiet(service);
                b = secondKind.apply(i);
            } else {
                quiet(service);
                b = secondKind.apply(i);
                quiet(service);
                a = firstKind.apply(i);
            }
            if (i >= WARM) {
                differences.add(a - b);
            }
        }
        long median = median(differences);
        System.out.printf("%s: %s minus %s, median of %d rounds %.2f ms%n", what, first, second, ROUNDS, median / 1e6);
        assertThat(Math.abs(median)).as("%s: %s minus %s, median of the rounds' differences in ns", what, first, second)
                .isLessThan(WITHIN.toNanos());
    }

    private static void quiet(Service service) throws InterruptedException {
        assertThat(service.deployment().grantor().afterTheAnswer().settle(Duration.ofSeconds(30))).isTrue();
        Thread.sleep(20);
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
