package dev.grantor.spring;

import dev.grantor.adapter.persistence.HostTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The application's Spring transactions as Grantor sees them: a transaction is joinable when it is a real one
 * (not merely synchronization) bound to Grantor's {@code DataSource}, as {@code @Transactional} with the JDBC
 * transaction manager makes it. Work after the commit is a {@link TransactionSynchronization}, so it waits for
 * the application's commit and is dropped by its rollback.
 */
final class SpringHostTransactions implements HostTransactions {

    private final DataSource dataSource;

    SpringHostTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean active() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.hasResource(dataSource);
    }

    @Override
    public Connection connection() {
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }

    @Override
    public void afterCommit(Runnable work) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                work.run();
            }
        });
    }
}
