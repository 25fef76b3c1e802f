package dev.grantor.bootstrap;

import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.cookie;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.csrf;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.get;
import static dev.grantor.bootstrap.ConsoleOnTheServiceTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.application.background.AfterTheAnswer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One site cannot take the whole sign-in queue: a host routed an IPv6 /48 asks from a fresh /64 each time, so no
 * per-client limit holds it back, and before the share it filled the queue that every business's console and portal
 * sign-ins wait in (found at about 650 requests a second on SQLite, dev-notes s35 attack). Over the service's port and
 * its SQLite database, behind a trusted proxy naming each client; the worker is held busy so that nothing drains.
 */
class SignInQueueShareOnTheServiceTest {

    @TempDir
    Path dataDir;

    @Test
    void a_site_past_its_share_waits_and_other_sites_and_the_console_are_still_served() throws Exception {
        var local = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory());
        var settings = new ServiceSettings(local.rest().withTrustedProxies(TrustedProxies.parse("127.0.0.1")),
                local.database(), local.mail(), false, local.relayPolicy(), local.dispatchPolicy(), local.publicUrl(),
                local.apiKeyCacheTtl(), local.webhookKeepIdle());
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Acme").get().id();
            var portalForm = get(service.url().resolve("/portal/" + business.value()), "");
            var portal = new Form(service.url().resolve("/portal/" + business.value() + "/code"),
                    cookie(portalForm, "grantor_portal_form"), csrf(portalForm.body()));
            var consoleForm = get(service.url().resolve("/console/sign-in"), "");
            var console = new Form(service.url().resolve("/console/login"), cookie(consoleForm, "grantor_console_form"),
                    csrf(consoleForm.body()));

            var busy = new CountDownLatch(1);
            assertThat(grantor.afterTheAnswer().handOff("192.0.2.1", () -> await(busy))).isTrue();
            try {
                for (int i = 0; i < AfterTheAnswer.SITE_SHARE; i++) {
                    assertThat(portal.ask("someone-" + i + "@example.com", "2001:db8:1:" + Integer.toHexString(i) + "::1"))
                            .as("request %d of the site, each from a /64 of its own", i).isEqualTo(200);
                }

                assertThat(portal.ask("next@example.com", "2001:db8:1:ffff::1")).as("past the site's share").isEqualTo(429);
                assertThat(console.ask("ops@example.com", "2001:db8:1:fffe::1")).as("the console's form, same site")
                        .isEqualTo(429);
                assertThat(portal.ask("next@example.com", "2001:db8:2::1")).as("another /48").isEqualTo(200);
                assertThat(console.ask("ops@example.com", "198.51.100.7")).as("an IPv4 client").isEqualTo(200);
            } finally {
                busy.countDown();
            }
            assertThat(grantor.afterTheAnswer().settle(Duration.ofSeconds(30))).isTrue();
            assertThat(portal.ask("later@example.com", "2001:db8:1:fffd::1")).as("the site, once its work is done")
                    .isEqualTo(200);
        }
    }

    private record Form(URI action, String cookie, String csrf) {
        int ask(String email, String client) throws Exception {
            return post(action, cookie, "_csrf=" + csrf + "&email=" + email.replace("@", "%40"), client).statusCode();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
