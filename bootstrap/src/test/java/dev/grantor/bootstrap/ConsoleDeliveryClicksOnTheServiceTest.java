package dev.grantor.bootstrap;

import static dev.grantor.bootstrap.DeliveryRows.atOnce;
import static dev.grantor.bootstrap.DeliveryRows.deliveryFailed;
import static dev.grantor.bootstrap.DeliveryRows.deliveryWaitsUntil;
import static dev.grantor.bootstrap.DeliveryRows.emailWaitsUntil;
import static dev.grantor.bootstrap.DeliveryRows.entries;
import static dev.grantor.bootstrap.DeliveryRows.row;
import static dev.grantor.bootstrap.DeliveryRows.times;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.bootstrap.DeliveryRows.Click;
import dev.grantor.bootstrap.WebhooksEndToEndTest.Receiver;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's <b>Send now</b> and <b>Retry this delivery</b>, each clicked many times at once by a signed-in operator
 * (the session cookie, the page's CSRF token, the console's own origin) on the served service over PostgreSQL, where
 * units run side by side. Alone, the clicks on one row take turns: one changes it and writes the one audit entry, every
 * other page says it was due already. Against a running relay and dispatcher (a real mail server, a real receiver),
 * the clicks land while the relay claims, sends and marks the email (and the dispatcher the delivery): still one email
 * and one delivery, and an audit entry only for the click whose page says it changed something.
 */
class ConsoleDeliveryClicksOnTheServiceTest {

    private static final int CLICKS = 12;
    private static final int ROUNDS = 8;
    private static final int RACES = 8;
    /** When the odd rounds' email and delivery fall due by their own schedule, after the clicks are sent. */
    private static final long[] FALLING_DUE_MILLIS = {0, 25, 75, 150};
    private static final String SENT_NOW = "sent an email now";
    private static final String RETRIED = "retried a webhook delivery";

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path dataDir;

    /**
     * With no relay running, only the clicks change the rows. While a click read its clock before it held the row, one
     * whose instant was earlier than that of a click committed first brought the row forward again (a second entry), and
     * a retry that lost the race was told the delivery was being attempted (session 45's raceaudit, through curl).
     */
    @Test
    void clicked_at_once_each_row_is_changed_once_with_one_entry_and_every_page_true() throws Exception {
        var database = TestPostgres.newDatabase(dataDir);
        var softly = new SoftAssertions();
        try (var receiver = new Receiver()) {
            var made = DeliveryRows.make(database, receiver, 1);
            var pair = made.pairs().getFirst();
            var settings = ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay()
                    .withDispatchPolicy(WebhooksEndToEndTest.LOOPBACK_RECEIVERS);
            try (var service = Service.start(settings); var sql = DeliveryRows.connect(database);
                 var pool = Executors.newFixedThreadPool(2 * CLICKS)) {
                var operator = DeliveryRows.Operator.signIn(service, made.business());
                String sendNow = "/outbox/" + pair.email() + "/send-now";
                String retry = "/webhooks/" + made.endpoint() + "/deliveries/" + pair.delivery() + "/retry";
                for (int round = 0; round < ROUNDS; round++) {
                    var later = Instant.now().plus(Duration.ofHours(1));
                    for (boolean failed : new boolean[] {true, false}) {
                        emailWaitsUntil(sql, pair.email(), later);
                        if (failed) {
                            deliveryFailed(sql, pair.delivery());
                        } else {
                            deliveryWaitsUntil(sql, pair.delivery(), later);
                        }
                        String race = "round " + round + (failed ? ", a failed delivery" : ", a delivery waiting for its retry");
                        long sentBefore = entries(sql, SENT_NOW);
                        long retriedBefore = entries(sql, RETRIED);

                        var clicks = atOnce(pool, operator, interleaved(times(CLICKS, sendNow), times(CLICKS, retry)));

                        var now = Instant.now();
                        for (var click : clicks) {
                            softly.assertThat(click.status()).as("%s: %s answered %s", race, click.path(), click.body())
                                    .isEqualTo(303);
                        }
                        var sendNows = dones(clicks, sendNow);
                        var retries = dones(clicks, retry);
                        softly.assertThat(sendNows).as("%s: Send now's pages", race).containsOnly("sending", "due")
                                .containsOnlyOnce("sending");
                        softly.assertThat(retries).as("%s: Retry's pages (the first retried, the rest find it due, never"
                                + " 'attempting')", race).containsOnly("retried", "delivery-due").containsOnlyOnce("retried");
                        softly.assertThat(entries(sql, SENT_NOW) - sentBefore).as("%s: '%s' entries", race, SENT_NOW).isOne();
                        softly.assertThat(entries(sql, RETRIED) - retriedBefore).as("%s: '%s' entries", race, RETRIED).isOne();
                        softly.assertThat(row(sql, "outbox", pair.email(), now)).as("%s: the email", race)
                                .isEqualTo(new DeliveryRows.Row("PENDING", 1, true, false));
                        softly.assertThat(row(sql, "webhook_deliveries", pair.delivery(), now)).as("%s: the delivery", race)
                                .isEqualTo(new DeliveryRows.Row("PENDING", failed ? 0 : 1, true, false));
                    }
                }
                var losing = ConsoleOnTheServiceTest.get(service.url().resolve("/console/webhooks?done=delivery-due"),
                        operator.session());
                softly.assertThat(losing.body()).as("the page a retry that found the delivery due lands on")
                        .contains("<p class=\"notice info\"").contains("That delivery was due already");
            }
        }
        softly.assertAll();
    }

    /**
     * The same clicks while the relay and the dispatcher run: in even rounds the email waits an hour and the delivery has
     * failed, so the first click's change wakes them and later clicks land as they claim, send and mark; in odd rounds
     * both fall due by their own schedule as the clicks land (due already, or a few milliseconds on, so that the relay's
     * poll and the clicks meet). A second wave follows while the email is likely still
     * held, a third once both are settled. Per round: one email (by the grant's header) and one request to the receiver
     * (by the delivery's webhook-id), and no more entries than clicks whose page says they changed something.
     */
    @Test
    void clicked_while_the_relay_and_the_dispatcher_run_each_email_and_delivery_goes_once() throws Exception {
        var database = TestPostgres.newDatabase(dataDir);
        var softly = new SoftAssertions();
        try (var receiver = new Receiver()) {
            var made = DeliveryRows.make(database, receiver, RACES);
            try (var sql = DeliveryRows.connect(database); var all = sql.createStatement()) {
                // nothing else is due when the relaying node starts: the races' emails wait an hour, every delivery is settled
                all.executeUpdate("UPDATE outbox SET attempts = 1, next_attempt_at = " + DeliveryRows.nanos(Instant.now()
                        .plus(Duration.ofHours(1))) + ", claimed_until = NULL WHERE kind = 'EMAIL' AND status = 'PENDING'");
                all.executeUpdate("UPDATE webhook_deliveries SET status = 'DELIVERED', claimed_until = NULL");
            }
            receiver.clear();
            receiver.answer.set(204);
            // a receiver that takes a moment, as one does: the dispatcher holds the delivery meanwhile
            receiver.delayMillis.set(150);
            var mail = new MailSettings(Option.some(SmtpSettings.of("127.0.0.1", smtp.getSmtp().getPort(),
                    SmtpSettings.Security.NONE)), Sender.EMBEDDED_DEFAULT);
            var settings = ServiceSettings.local(database, mail).withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY)
                    .withDispatchPolicy(WebhooksEndToEndTest.LOOPBACK_RECEIVERS);
            try (var service = Service.start(settings); var sql = DeliveryRows.connect(database);
                 var pool = Executors.newFixedThreadPool(2 * CLICKS)) {
                var operator = DeliveryRows.Operator.signIn(service, made.business());
                for (int round = 0; round < RACES; round++) {
                    var pair = made.pairs().get(round);
                    boolean clickedFirst = round % 2 == 0;
                    String race = "round " + round + (clickedFirst ? " (waiting an hour, failed)" : " (falling due as clicked)");
                    String sendNow = "/outbox/" + pair.email() + "/send-now";
                    String retry = "/webhooks/" + made.endpoint() + "/deliveries/" + pair.delivery() + "/retry";
                    var due = Instant.now().plus(clickedFirst ? Duration.ofHours(1) : Duration.ofMillis(FALLING_DUE_MILLIS[round / 2]));
                    emailWaitsUntil(sql, pair.email(), due);
                    if (clickedFirst) {
                        deliveryFailed(sql, pair.delivery());
                    } else {
                        deliveryWaitsUntil(sql, pair.delivery(), due);
                    }
                    long sentBefore = entries(sql, SENT_NOW);
                    long retriedBefore = entries(sql, RETRIED);
                    var clicks = new ArrayList<>(atOnce(pool, operator, interleaved(times(CLICKS, sendNow), times(CLICKS, retry))));
                    Thread.sleep(60);
                    clicks.addAll(atOnce(pool, operator, interleaved(times(CLICKS, sendNow), times(CLICKS, retry))));

                    boolean settled = settle(sql, pair, receiver);
                    long sentNow = entries(sql, SENT_NOW) - sentBefore;
                    long retried = entries(sql, RETRIED) - retriedBefore;
                    var after = atOnce(pool, operator, interleaved(times(CLICKS, sendNow), times(CLICKS, retry)));

                    System.out.printf("%s: send now %s, retry %s, entries %d + %d%n", race, tally(dones(clicks, sendNow)),
                            tally(dones(clicks, retry)), sentNow, retried);
                    softly.assertThat(settled).as("%s: the email sent and the delivery delivered", race).isTrue();
                    for (var click : clicks) {
                        softly.assertThat(click.status()).as("%s: %s answered %s", race, click.path(), click.body()).isEqualTo(303);
                    }
                    var sendNows = dones(clicks, sendNow);
                    var retries = dones(clicks, retry);
                    softly.assertThat(sendNows).as("%s: Send now's pages", race).isSubsetOf("sending", "due", "being-sent", "sent");
                    softly.assertThat(retries).as("%s: Retry's pages", race)
                            .isSubsetOf("retried", "delivery-due", "attempting", "delivered");
                    softly.assertThat(retried).as("%s: one '%s' entry per page that says it made the delivery due", race, RETRIED)
                            .isEqualTo(retries.stream().filter("retried"::equals).count());
                    softly.assertThat(sentNow).as("%s: one '%s' entry per page that says it brought the email forward", race)
                            .isEqualTo(sendNows.stream().filter("sending"::equals).count());
                    // an hour early, the first click's change is the one; falling due, a click may come just before the relay
                    softly.assertThat(sentNow).as("%s: '%s' entries", race, SENT_NOW).isBetween(clickedFirst ? 1L : 0L, 1L);
                    softly.assertThat(retried).as("%s: '%s' entries", race, RETRIED).isBetween(clickedFirst ? 1L : 0L, 1L);
                    softly.assertThat(dones(after, sendNow)).as("%s: Send now once it was sent", race).containsOnly("sent");
                    softly.assertThat(dones(after, retry)).as("%s: Retry once it was delivered", race).containsOnly("delivered");
                    softly.assertThat(entries(sql, SENT_NOW) - sentBefore).as("%s: no entry once sent", race).isEqualTo(sentNow);
                    softly.assertThat(entries(sql, RETRIED) - retriedBefore).as("%s: no entry once delivered", race)
                            .isEqualTo(retried);
                }
                // the relay and the dispatcher keep polling: give a second send the time it would need to show up
                Thread.sleep(1_000);
                for (var pair : made.pairs()) {
                    softly.assertThat(emailsAbout(pair.grant())).as("emails about %s", pair.grant()).isOne();
                    softly.assertThat(receiver.received(pair.delivery())).as("requests for delivery %s", pair.delivery()).isOne();
                }
                softly.assertThat(smtp.getReceivedMessages()).as("every email received").hasSize(RACES);
                softly.assertThat(receiver.all()).as("every delivery received").hasSize(RACES);
            }
        }
        softly.assertAll();
    }

    /** Waits (up to 10 s) for the email to be marked sent and the delivery delivered, each having arrived. */
    private static boolean settle(Connection sql, DeliveryRows.Pair pair, Receiver receiver) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var now = Instant.now();
            if (emailsAbout(pair.grant()) > 0 && receiver.received(pair.delivery()) > 0
                    && row(sql, "outbox", pair.email(), now).status().equals("SENT")
                    && row(sql, "webhook_deliveries", pair.delivery(), now).status().equals("DELIVERED")) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static long emailsAbout(String grant) {
        return Arrays.stream(smtp.getReceivedMessages()).map(TwoNodesOnePostgresTest::grantIdOf).filter(grant::equals).count();
    }

    /** The notices the clicks of {@code path} were answered with. */
    private static List<String> dones(List<Click> clicks, String path) {
        return clicks.stream().filter(c -> c.path().equals(path)).map(Click::done).toList();
    }

    private static java.util.Map<String, Long> tally(List<String> dones) {
        return dones.stream().collect(java.util.stream.Collectors.groupingBy(d -> d, java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    /** a1, b1, a2, b2…: both kinds of click reach the server mixed, as two operators' would. */
    private static List<String> interleaved(List<String> a, List<String> b) {
        var mixed = new ArrayList<String>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add(a.get(i));
            }
            if (i < b.size()) {
                mixed.add(b.get(i));
            }
        }
        return mixed;
    }
}
