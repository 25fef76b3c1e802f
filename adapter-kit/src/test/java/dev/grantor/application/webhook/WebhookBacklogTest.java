package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.WebhookBacklog;
import dev.grantor.application.port.out.WebhookSender.Outcome.Answered;
import io.vavr.control.Option;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an operator's gauges read: a delivery counts from its fan-out until it is settled, and ages only while due. */
class WebhookBacklogTest {

    private static final String A = "https://a.example.com/hook";

    private final MutableClock clock = new MutableClock();
    private final ScriptedSender sender = new ScriptedSender().answer(A, new Answered(503), new Answered(204));
    private final WebhookTestbed bed = new WebhookTestbed(sender, DispatchPolicy.defaults(), clock);

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void a_delivery_counts_from_its_fan_out_until_its_receiver_accepts_it_and_is_aged_only_while_due() {
        var operators = bed.grantor.outboxAdministration();
        bed.endpoint(A, "entitlement_grant.created");
        assertThat(operators.webhookBacklog()).isEqualTo(new WebhookBacklog(0, Option.none()));

        bed.issue(bed.manualEntitlement());
        bed.grantor.relay().runOnce();
        var fannedOut = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        assertThat(operators.webhookBacklog()).isEqualTo(new WebhookBacklog(1, Option.some(fannedOut)));

        bed.dispatcher.runOnce();
        assertThat(operators.webhookBacklog()).as("refused once, waiting to retry").isEqualTo(new WebhookBacklog(1, Option.none()));

        clock.advance(Duration.ofHours(2));
        bed.dispatcher.runOnce();
        assertThat(sender.requestsTo(A)).hasSize(2);
        assertThat(operators.webhookBacklog()).isEqualTo(new WebhookBacklog(0, Option.none()));
    }
}
