package dev.grantor.adapter.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A data source whose prepared statements log each execution the database runs: one entry per
 * {@code execute}, and one per row of a batch (a batch of single-row inserts is run row by row by both
 * databases, however few round trips it takes). Everything else passes through.
 */
final class CountingDataSource {

    /** One execution the database ran, and the SQL it ran. */
    record Execution(String sql) {}

    private final List<Execution> executions = Collections.synchronizedList(new ArrayList<>());
    private final DataSource dataSource;

    CountingDataSource(DataSource real) {
        this.dataSource = proxy(DataSource.class, real, (method, args, result) -> method.getName().equals("getConnection")
                ? connection((Connection) result) : result);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** What ran since the last call, and starts afresh. */
    List<Execution> drain() {
        synchronized (executions) {
            var ran = List.copyOf(executions);
            executions.clear();
            return ran;
        }
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (method, args, result) -> method.getName().equals("prepareStatement")
                ? statement((PreparedStatement) result, (String) args[0]) : result);
    }

    private PreparedStatement statement(PreparedStatement real, String sql) {
        int[] batched = {0};
        return proxy(PreparedStatement.class, real, (method, args, result) -> {
            switch (method.getName()) {
                case "addBatch" -> batched[0]++;
                case "executeBatch", "executeLargeBatch" -> {
                    for (int i = 0; i < batched[0]; i++) {
                        executions.add(new Execution(sql));
                    }
                    batched[0] = 0;
                }
                case "clearBatch" -> batched[0] = 0;
                case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> executions.add(new Execution(sql));
                default -> { }
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T real, After after) {
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return after.apply(method, args, result);
                }));
    }
}
