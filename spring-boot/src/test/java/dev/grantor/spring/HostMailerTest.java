package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop defines its own {@link Mailer}: Grantor sends through it instead of its default. */
@SpringBootTest(classes = {ShopApplication.class, HostMailerTest.ShopMail.class})
class HostMailerTest {

    @TestConfiguration
    static class ShopMail {
        @Bean
        RecordingMailer shopMailer() {
            return new RecordingMailer();
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabases::sqliteUrl);
    }

    @Autowired
    Grantor grantor;

    @Autowired
    Mailer mailer;

    @Autowired
    RecordingMailer shopMailer;

    @Test
    void a_mailer_bean_of_the_application_replaces_the_default() {
        assertThat(mailer).isSameAs(shopMailer);

        var business = grantor.access().createBusiness("Shop").get().id();
        var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Shop Pro",
                LicenseKeyConfig.manual(), null, null)).get();
        var grant = grantor.issuing().issue(business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "dan@example.com", null), "pay_host_mailer", null, null)).get().grant();
        grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(), new FulfillLicenseKey("HOST-MAILER-1", null, null));
        while (grantor.relay().runOnce() > 0) {
            // until nothing is due
        }

        assertThat(shopMailer.sent()).singleElement()
                .satisfies(email -> assertThat(email.key().value()).isEqualTo("HOST-MAILER-1"));
    }
}
