package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox gauges read the outbox, and the webhook gauges the deliveries its events became, for as long as the API
 * runs, whatever the garbage collector does meanwhile.
 */
class OutboxGaugesOverHttpTest {

    private static final Pattern PENDING = Pattern.compile("(?m)^grantor_outbox_pending(?:\\{[^}]*})? (\\S+)$");

    private static final Pattern WEBHOOKS_PENDING =
            Pattern.compile("(?m)^grantor_webhook_deliveries_pending(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern WEBHOOKS_OLDEST =
            Pattern.compile("(?m)^grantor_webhook_deliveries_oldest_age_seconds(?:\\{[^}]*})? (\\S+)$");

    private final ApiServer server = new ApiServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_pending_gauge_still_reads_a_number_after_a_garbage_collection() {
        var entitlement = server.manualEntitlement(server.a);
        server.issue(server.a, entitlement, "ada@example.com");

        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var metrics = server.get("/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        var pending = PENDING.matcher(metrics.raw());
        assertThat(pending.find()).as(metrics.raw()).isTrue();
        assertThat(Double.parseDouble(pending.group(1))).as("grantor_outbox_pending").isNotNaN().isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void the_webhook_gauges_count_a_fanned_out_delivery_and_age_it_after_a_garbage_collection() throws Exception {
        server.webhooks.create(server.a.business(), new dev.grantor.application.port.in.Webhooks.CreateWebhook(
                "https://hooks.example.com/grantor", null, null, null, null, null, null)).get();
        server.issue(server.a, server.manualEntitlement(server.a), "ada@example.com");
        server.grantor.relay().runOnce();
        Thread.sleep(1_100);

        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var metrics = server.get("/metrics", null).raw();

        var pending = WEBHOOKS_PENDING.matcher(metrics);
        var oldest = WEBHOOKS_OLDEST.matcher(metrics);
        assertThat(pending.find() && oldest.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(pending.group(1))).as("grantor_webhook_deliveries_pending").isEqualTo(1.0);
        assertThat(Double.parseDouble(oldest.group(1))).as("grantor_webhook_deliveries_oldest_age_seconds").isGreaterThanOrEqualTo(1.0);
    }
}
