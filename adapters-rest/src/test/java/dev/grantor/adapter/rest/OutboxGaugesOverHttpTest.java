package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox gauges read the outbox for as long as the API runs, whatever the garbage collector does meanwhile. */
class OutboxGaugesOverHttpTest {

    private static final Pattern PENDING = Pattern.compile("(?m)^grantor_outbox_pending(?:\\{[^}]*})? (\\S+)$");

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
}
