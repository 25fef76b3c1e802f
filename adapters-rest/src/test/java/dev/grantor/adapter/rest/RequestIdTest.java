package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void a_generated_request_id_is_a_version_4_uuid_and_ten_thousand_of_them_are_distinct() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = RestApi.newRequestId();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            assertThat(UUID.fromString(id).variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
