package dev.grantor.spring;

import dev.grantor.adapter.persistence.HostTransactions;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.JdbcStorage.UnmetSqlitePragmas;
import javax.sql.DataSource;

/**
 * The application's SQLite {@code DataSource} without the pragmas Grantor relies on ({@link JdbcStorage#on} refuses
 * it) is refused before Grantor uses it, in the application's words: the property that configures its URL.
 */
final class SqlitePragmas {

    static final String EXAMPLE_URL = UnmetSqlitePragmas.EXAMPLE_URL;

    private SqlitePragmas() {}

    /** @throws IllegalStateException naming each pragma that is not as Grantor needs it */
    static JdbcStorage storageOn(DataSource dataSource, HostTransactions host) {
        try {
            return JdbcStorage.on(dataSource, host);
        } catch (UnmetSqlitePragmas refused) {
            throw new IllegalStateException("Grantor needs pragmas on the application's SQLite connections that they do not have: "
                    + String.join(", ", refused.unmet()) + ". Give them in the URL (spring.datasource.url), such as " + EXAMPLE_URL);
        }
    }
}
