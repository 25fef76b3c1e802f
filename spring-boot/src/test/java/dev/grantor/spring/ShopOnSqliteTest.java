package dev.grantor.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop on SQLite, delivery emails in the pickup directory (the shop has no mail sender). */
class ShopOnSqliteTest extends EmbeddedInShopBehaviour {

    static final Path PICKUP = TestDatabases.temporaryDirectory("grantor-pickup");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabases::sqliteUrl);
        properties.add("grantor.mail.pickup-directory", PICKUP::toString);
    }

    @Override
    int deliveredEmails() {
        try (var files = Files.list(PICKUP)) {
            return (int) files.filter(file -> file.toString().endsWith(".eml")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String databaseKind() {
        return "sqlite";
    }
}
