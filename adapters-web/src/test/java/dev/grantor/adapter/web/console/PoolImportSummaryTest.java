package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.KeyPoolManagement.ImportReport;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

class PoolImportSummaryTest {

    @Test
    void one_of_a_kind_is_named_in_the_singular_and_other_counts_in_the_plural() {
        assertThat(PoolPages.summary(new ImportReport(1, 1, 1, 1, List.empty())))
                .isEqualTo("1 imported, 1 duplicate, 1 invalid; 1 waiting grant fulfilled.");
        assertThat(PoolPages.summary(new ImportReport(0, 0, 2, 0, List.empty())))
                .isEqualTo("0 imported, 0 duplicates, 2 invalid; 0 waiting grants fulfilled.");
        assertThat(PoolPages.summary(new ImportReport(5, 3, 0, 2, List.empty())))
                .isEqualTo("5 imported, 3 duplicates, 0 invalid; 2 waiting grants fulfilled.");
    }
}
