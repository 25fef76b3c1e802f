package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application's SQLite DataSource without the pragmas docs/spring-boot.md asks for: before, Grantor migrated
 * and ran on it with foreign keys off and a rollback journal, without a word.
 */
class SqlitePragmasTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
            .withPropertyValues("grantor.mail.pickup-directory=" + TestDatabases.temporaryDirectory("grantor-pickup"));

    @Test
    void a_url_without_the_pragmas_is_refused_naming_each_and_nothing_is_migrated() {
        var database = TestDatabases.temporaryDirectory("plain-sqlite").resolve("shop.db");
        contexts.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + database).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("foreign_keys=0 (needs true)")
                    .hasMessageContaining("journal_mode=delete (needs WAL)")
                    .hasMessageContaining("spring.datasource.url")
                    .hasMessageContaining(SqlitePragmas.EXAMPLE_URL);
        });
        assertThat(!Files.exists(database) || sizeOf(database) == 0).as("no Grantor table was created").isTrue();
    }

    @Test
    void a_url_with_normal_synchronous_is_refused() {
        contexts.withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl().replace("synchronous=FULL", "synchronous=NORMAL"))
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("synchronous=1 (needs FULL)"));
    }

    @Test
    void the_documented_url_starts() {
        contexts.withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl())
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Grantor.class));
    }

    private static long sizeOf(java.nio.file.Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
