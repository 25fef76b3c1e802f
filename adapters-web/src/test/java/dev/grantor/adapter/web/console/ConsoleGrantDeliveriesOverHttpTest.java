package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.mail.ScriptedSmtpServer;
import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grant's emails and the webhook deliveries of its events on its timeline, over real sockets all the way: the console
 * over HTTP, the delivery email over SMTP to a server that refuses, then accepts (or refuses for good, and the email is
 * parked and requeued from the grant's page), the deliveries over HTTP to a receiver that answers 500, then 200 once the
 * operator retried from the grant's page. What the mail server said is shown as text, never as markup. A viewer sees no
 * button and may not post one; another business's operator finds neither the grant nor its message.
 */
class ConsoleGrantDeliveriesOverHttpTest {

    static DeliveryWorld world;
    static ScriptedSmtpServer smtp;
    static ConcurrentLinkedQueue<Integer> answers;
    static WebServer server;
    static ConsoleData data;
    static String operator;
    static String viewer;
    static String auto;
    static String endpoint;

    @BeforeAll
    static void start() {
        world = new DeliveryWorld();
        smtp = world.smtp;
        answers = world.answers;
        server = world.server;
        data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        viewer = server.grantor.operatorAccess().add(server.a, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
        auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        endpoint = server.grantor.webhooks().create(server.a, new CreateWebhook(world.hookUrl(),
                "the shop", null, null, null, null, null)).get().id();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void a_refused_then_sent_email_and_a_failed_then_retried_delivery_show_on_the_grant_s_timeline() {
        smtp.refuse("451 4.3.0 <script>alert('smtp')</script> \"busy\"");
        answers.add(500);
        String grant = data.grant(server.a, auto, "ada@example.com", "Ada", "pay_t1");
        server.relay();
        server.dispatch();
        var ops = signedInAs(server.a, operator);

        String page = ops.get("/console/grants/" + grant).body();
        assertThat(entries(page)).anyMatch(e -> e.startsWith("Delivery email · retrying after 1 failed attempt, the last answered: ")
                && e.contains("SMTP 451") && e.contains("&lt;script&gt;alert('smtp')&lt;/script&gt; \"busy\""));
        assertThat(page).doesNotContain("<script>alert(");
        var hooks = entries(page).stream().filter(e -> e.startsWith("Webhook ")).toList();
        assertThat(hooks).isNotEmpty().allMatch(e -> e.contains(" · to " + endpoint + ": "));
        assertThat(hooks.stream().filter(e -> e.contains(": retrying, 1 attempt, the last ") && e.endsWith("(HTTP 500)"))).hasSize(1);
        assertThat(hooks.stream().filter(e -> e.contains(": delivered, 1 attempt, the last ") && e.endsWith("(HTTP 200)")))
                .hasSize(hooks.size() - 1);
        var retry = Pattern.compile("action=\"(/console/webhooks/" + endpoint + "/deliveries/msg_\\w+/retry)\"").matcher(page);
        assertThat(retry.find()).as(page).isTrue();
        String retryPath = retry.group(1);
        assertThat(retry.find()).as("one retry button, the failed delivery's").isFalse();

        var retried = ops.post(retryPath, Map.of("_csrf", WebClient.csrf(page), "grant", grant));
        assertThat(retried.statusCode()).isEqualTo(303);
        // its next attempt is 5 s away, nearer than the dispatcher's lease, but no claim holds it: due at once
        assertThat(retried.headers().firstValue("Location")).contains("/console/grants/" + grant + "?done=retried#timeline");
        assertThat(ops.get("/console/grants/" + grant + "?done=retried").body())
                .contains("The delivery will be attempted again at once.");
        server.dispatch();
        assertThat(entries(ops.get("/console/grants/" + grant).body()).stream().filter(e -> e.startsWith("Webhook ")))
                .as("sent on a clock short of its backoff's end").hasSize(hooks.size())
                .allMatch(e -> e.contains(": delivered, ") && e.endsWith("(HTTP 200)"));
        server.clock.advance(Duration.ofHours(1));
        server.relay();
        server.dispatch();

        String after = ops.get("/console/grants/" + grant).body();
        assertThat(entries(after)).anyMatch(e -> e.startsWith("Delivery email · sent ") && e.contains(" after 1 failed attempt"));
        assertThat(entries(after).stream().filter(e -> e.startsWith("Webhook "))).hasSize(hooks.size())
                .allMatch(e -> e.contains(": delivered, ") && e.endsWith("(HTTP 200)"));
        assertThat(after).doesNotContain("/retry\"").doesNotContain("<script>alert(");
        assertThat(smtp.accepted).anyMatch(message -> message.contains(grant));
    }

    @Test
    void a_parked_email_is_requeued_from_the_grant_s_page_by_an_operator_only_of_its_business() {
        smtp.refuse("550 5.1.1 <b>no</b> such \"mailbox\"");
        String grant = data.grant(server.a, auto, "bob@example.com", "Bob", "pay_t2");
        server.relay();
        server.dispatch();

        var vic = signedInAs(server.a, viewer);
        String seen = vic.get("/console/grants/" + grant).body();
        assertThat(entries(seen)).anyMatch(e -> e.startsWith("Delivery email · parked ") && e.contains("after 1 failed attempt")
                && e.contains("SMTP 550") && e.contains("&lt;b&gt;no&lt;/b&gt; such \"mailbox\""));
        assertThat(seen).doesNotContain("/requeue\"").doesNotContain("<b>no</b>");
        var ops = signedInAs(server.a, operator);
        String page = ops.get("/console/grants/" + grant).body();
        var requeue = Pattern.compile("action=\"(/console/outbox/(msg_\\w+)/requeue)\"").matcher(page);
        assertThat(requeue.find()).as(page).isTrue();
        assertThat(vic.post(requeue.group(1), Map.of("_csrf", WebClient.csrf(seen), "grant", grant)).statusCode()).isEqualTo(403);

        var stranger = signedInAs(server.b, "owner");
        assertThat(stranger.get("/console/grants/" + grant).statusCode()).isEqualTo(404);
        var theirs = stranger.post(requeue.group(1), Map.of("_csrf", WebClient.csrf(stranger.get("/console/").body()), "grant", grant));
        assertThat(theirs.statusCode()).isEqualTo(404);
        for (var subject : java.util.List.of(grant, requeue.group(2))) {
            assertThat(server.store.auditTrail().latestAbout(server.b, subject, Option.none(), 10)).isEmpty();
            assertThat(server.store.auditTrail().latestAbout(server.a, subject, Option.none(), 10)).isEmpty();
        }
        String strangersGrant = data.grant(server.b, data.entitlement(server.b, "Bolt Pro",
                Map.of("fulfillment_mode", "auto", "activations_limit", 3)), "bea@bolt.example", "Bea", "pay_b9");
        assertThat(entries(stranger.get("/console/grants/" + strangersGrant).body()))
                .noneMatch(e -> e.contains(requeue.group(2)) || e.startsWith("Webhook ") || e.contains("SMTP 550"));

        var requeued = ops.post(requeue.group(1), Map.of("_csrf", WebClient.csrf(page), "grant", grant));
        assertThat(requeued.statusCode()).isEqualTo(303);
        assertThat(requeued.headers().firstValue("Location")).contains("/console/grants/" + grant + "?done=requeued#timeline");
        var after = entries(ops.get("/console/grants/" + grant).body());
        assertThat(after).anyMatch(e -> e.equals("Delivery email · queued"))
                .as("filed under the grant the store names, the message in its detail")
                .contains("By ops@acme.example · requeued an email (email " + requeue.group(2) + ")");
        assertThat(server.store.auditTrail().latestAbout(server.a, requeue.group(2), Option.none(), 10)).isEmpty();
        server.relay();
        assertThat(entries(ops.get("/console/grants/" + grant).body())).anyMatch(e -> e.startsWith("Delivery email · sent "));
        assertThat(smtp.accepted).anyMatch(message -> message.contains(grant));
    }

    static WebClient signedInAs(dev.grantor.domain.shared.BusinessId business, String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(business, subject)).statusCode()).isEqualTo(303);
        return client;
    }

    /** The timeline's entries, each as "what · detail" as the page writes them (escaped), time and buttons left out. */
    static java.util.List<String> entries(String page) {
        int from = page.indexOf("<h2 id=\"timeline\"");
        assertThat(from).as("the timeline's heading").isPositive();
        var m = Pattern.compile("<li><strong>([^<]*)</strong> <span class=\"muted\">[^<]*</span>(?: · ([^<\\n]*))?")
                .matcher(page.substring(from));
        var found = new ArrayList<String>();
        while (m.find()) {
            found.add(m.group(1) + (m.group(2) == null ? "" : " · " + m.group(2).strip()));
        }
        return found;
    }
}
