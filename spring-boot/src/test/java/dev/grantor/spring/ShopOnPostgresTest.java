package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.grantor.application.port.out.Mailer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop on PostgreSQL with a mail server of its own ({@code spring.mail.*}), which Grantor's mail goes through. */
class ShopOnPostgresTest extends EmbeddedInShopBehaviour {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> TestDatabases.postgresUrl("shop"));
        properties.add("spring.datasource.username", () -> "postgres");
        properties.add("spring.datasource.password", () -> "postgres");
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", SMTP.getSmtp()::getPort);
        properties.add("grantor.mail.from", () -> "Shop <keys@shop.example>");
    }

    @Autowired
    Mailer mailer;

    @Override
    int deliveredEmails() {
        return SMTP.getReceivedMessages().length;
    }

    @Override
    String databaseKind() {
        return "postgresql";
    }

    @Test
    void mail_goes_through_the_applications_mail_sender() throws Exception {
        assertThat(mailer).isInstanceOf(JavaMailSenderMailer.class);
        var grant = issueOutsideTheShop();
        grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                new dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey("PG-MAIL-KEY-" + newId("k"), null, null));
        drainOutbox();
        // GreenMail lists what it received recipient by recipient, not in order: find this grant's message
        var mine = new java.util.ArrayList<jakarta.mail.internet.MimeMessage>();
        for (var message : SMTP.getReceivedMessages()) {
            var grantIds = message.getHeader("X-Grantor-Grant-Id");
            if (grantIds != null && java.util.List.of(grantIds).contains(grant.grant().id().value())) {
                mine.add(message);
            }
        }
        assertThat(mine).hasSize(1);
        var sent = mine.getFirst();
        assertThat(sent.getFrom()[0].toString()).contains("keys@shop.example");
        assertThat(sent.getMessageID()).isEqualTo("<" + grant.grant().id().value() + ".license-key@shop.example>");
        assertThat(sent.getHeader("X-Grantor-Grant-Id")).containsExactly(grant.grant().id().value());
    }
}
