package dev.grantor.adapter.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HttpStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A refused page's heading speaks the visitor's words, not HTTP's ("Unauthorized", "Unprocessable Content"). */
class RefusalHeadingTest {

    @ParameterizedTest
    @EnumSource(names = {"BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "CONTENT_TOO_LARGE",
            "UNPROCESSABLE_CONTENT", "TOO_MANY_REQUESTS", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"})
    void each_status_the_pages_refuse_with_has_a_heading_of_its_own(HttpStatus status) {
        String heading = RealmPages.heading(status);

        assertThat(heading).isNotBlank().isNotEqualToIgnoringCase(status.getMessage());
        assertThat(heading.substring(1)).as("sentence case").isEqualTo(heading.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
}
