package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccessLogDurationTest {

    @Test
    void a_duration_reads_as_formatting_it_with_one_decimal_would_write_it() {
        var random = new SplittableRandom(19);
        for (int i = 0; i < 200_000; i++) {
            // mostly sub-second requests, some slow ones, and exact tenths and halves of tenths
            float millis = switch (i % 4) {
                case 0 -> (float) random.nextDouble(0, 10);
                case 1 -> (float) random.nextDouble(0, 100_000);
                case 2 -> random.nextInt(0, 100_000) / 10f;
                default -> random.nextInt(0, 100_000) / 10f + 0.05f;
            };
            assertThat(RestApi.tenths(millis)).as("%s", millis).isEqualTo(String.format(Locale.ROOT, "%.1f", millis));
        }
        assertThat(RestApi.tenths(0f)).isEqualTo("0.0");
        assertThat(RestApi.tenths(0.04f)).isEqualTo("0.0");
        assertThat(RestApi.tenths(9.96f)).isEqualTo("10.0");
    }
}
