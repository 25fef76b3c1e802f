package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A host's own SQLite {@code DataSource} given to {@link JdbcStorage#on}: before, only the Spring starter checked
 * its pragmas, and a host embedding the storage directly ran with foreign keys off and a rollback journal, without
 * a word.
 */
class HostSqliteDataSourceTest {

    @Test
    void a_data_source_without_the_pragmas_is_refused_naming_each_and_nothing_is_written(@TempDir Path dir) throws Exception {
        var file = dir.resolve("shop.db");
        var plain = new SQLiteDataSource();
        plain.setUrl("jdbc:sqlite:" + file);

        assertThatThrownBy(() -> JdbcStorage.on(plain, HostTransactions.NONE))
                .isInstanceOfSatisfying(JdbcStorage.UnmetSqlitePragmas.class, refused -> assertThat(refused.unmet())
                        .containsExactly("foreign_keys=0 (needs true)", "journal_mode=delete (needs WAL)"))
                .hasMessageContaining(JdbcStorage.UnmetSqlitePragmas.EXAMPLE_URL);
        assertThat(!Files.exists(file) || Files.size(file) == 0).as("no table was created").isTrue();
    }

    @Test
    void normal_synchronous_alone_is_refused(@TempDir Path dir) {
        var data = new SQLiteDataSource();
        data.setUrl("jdbc:sqlite:" + dir.resolve("shop.db") + "?foreign_keys=true&journal_mode=WAL&synchronous=NORMAL");

        assertThatThrownBy(() -> JdbcStorage.on(data, HostTransactions.NONE))
                .isInstanceOfSatisfying(JdbcStorage.UnmetSqlitePragmas.class,
                        refused -> assertThat(refused.unmet()).containsExactly("synchronous=1 (needs FULL)"));
    }

    @Test
    void the_documented_url_is_taken_and_migrates(@TempDir Path dir) {
        var data = new SQLiteDataSource();
        data.setUrl(JdbcStorage.UnmetSqlitePragmas.EXAMPLE_URL.replace("shop.db", dir.resolve("shop.db").toString()));

        var storage = JdbcStorage.on(data, HostTransactions.NONE);
        storage.migrate();

        assertThat(storage.pendingMigrations()).isEmpty();
    }
}
