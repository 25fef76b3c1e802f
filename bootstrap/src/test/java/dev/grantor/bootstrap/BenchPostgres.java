package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.PostgresFixture;
import java.io.IOException;

/**
 * Not a test: a real PostgreSQL for measuring {@code grantor bench} by hand. Durable settings (the harness
 * turns fsync and synchronous commit off by default, which would flatter every figure). Prints the JDBC URL
 * for {@code grantor serve --db-url ... --db-user postgres --db-password postgres}, then runs until killed.
 */
public final class BenchPostgres {

    private BenchPostgres() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        try (var pg = PostgresFixture.durableServer().start()) {
            System.out.println(pg.getJdbcUrl("postgres", "postgres"));
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
