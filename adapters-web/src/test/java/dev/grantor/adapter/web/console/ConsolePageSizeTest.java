package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.PageLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's lists are one page of a listing use case: the size is named once ({@link ConsolePages#PAGE}) from the
 * use cases' own ceiling, and no page class says its own number, so the two cannot drift apart.
 */
class ConsolePageSizeTest {

    private static final Path CONSOLE = Path.of("src/main/java/dev/grantor/adapter/web/console");
    private static final Pattern A_HUNDRED = Pattern.compile("(?<![\\w.])100(?![\\w.])");

    @Test
    void the_console_lists_one_page_of_a_listing_use_case() {
        assertThat(ConsolePages.PAGE).isEqualTo(PageLimits.MOST_PER_PAGE);
    }

    @Test
    void no_console_page_class_writes_the_page_size_itself() throws IOException {
        for (String page : new String[] {"GrantPages.java", "PoolPages.java", "OperationPages.java", "ConsolePages.java"}) {
            String source = Files.readString(CONSOLE.resolve(page));
            assertThat(A_HUNDRED.matcher(source).find()).as(page + " has a literal 100").isFalse();
        }
    }
}
