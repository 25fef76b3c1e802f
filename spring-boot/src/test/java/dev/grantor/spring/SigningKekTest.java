package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The private halves of signing keys in an application are wrapped under {@code grantor.signing-kek}, or under the
 * {@code GRANTOR_SIGNING_KEK} that {@code grantor serve} reads; the starter stored them unwrapped whatever was set.
 */
class SigningKekTest {

    private static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);

    private ApplicationContextRunner contexts() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, GrantorAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + TestDatabases.sqliteUrl(),
                        "grantor.mail.pickup-directory=" + TestDatabases.temporaryDirectory("grantor-pickup"));
    }

    @Test
    void the_property_wraps_new_signing_keys() {
        contexts().withPropertyValues("grantor.signing-kek=" + KEK).run(context ->
                assertThat(sealedKeysAfterARotation(context)).singleElement().asString().startsWith("aes-256-gcm:"));
    }

    @Test
    void the_variable_grantor_serve_reads_wraps_them_too() {
        contexts().withPropertyValues("GRANTOR_SIGNING_KEK=" + KEK).run(context ->
                assertThat(sealedKeysAfterARotation(context)).singleElement().asString().startsWith("aes-256-gcm:"));
    }

    @Test
    void without_either_they_are_stored_unwrapped_and_a_bad_variable_stops_the_start_up() {
        contexts().run(context ->
                assertThat(sealedKeysAfterARotation(context)).singleElement().asString().startsWith("pkcs8:"));
        contexts().withPropertyValues("GRANTOR_SIGNING_KEK=AAAA").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("GRANTOR_SIGNING_KEK must be 32 bytes in base64, not 3"));
    }

    private static List<String> sealedKeysAfterARotation(ApplicationContext context) throws SQLException {
        var grantor = context.getBean(Grantor.class);
        var business = grantor.access().createBusiness("Acme").get().id();
        assertThat(grantor.signingKeys().rotate(business).isRight()).isTrue();
        var sealed = new ArrayList<String>();
        try (var connection = context.getBean(DataSource.class).getConnection();
             var rows = connection.createStatement().executeQuery("SELECT sealed_private_key FROM signing_keys")) {
            while (rows.next()) {
                sealed.add(rows.getString(1));
            }
        }
        return sealed;
    }
}
