package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.Instant;

/** Delivery emails for tests: a complete one, and withers for the facts a test is about. */
final class DeliveryEmails {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeliveryEmails() {}

    static String randomId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 21; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static GrantId grantId() {
        return new GrantId(randomId(GrantId.PREFIX));
    }

    static DeliveryEmail complete() {
        return new DeliveryEmail(randomId("obx_"), grantId(), new EmailAddress("ada@example.com"), Option.some("Ada Lovelace"),
                "Analytical Engine Pro", new LicenseKeyValue("AE-PRO-7Q2M-K9XD-4HTW"), Option.some(3),
                Option.some(Instant.parse("2027-11-27T10:15:30Z")), Option.some("Open Settings > License and paste the key."));
    }

    static DeliveryEmail minimal() {
        return new DeliveryEmail(randomId("obx_"), grantId(), new EmailAddress("bob@example.com"), Option.none(),
                "Basic", new LicenseKeyValue("BASIC-0001"), Option.none(), Option.none(), Option.none());
    }

    static DeliveryEmail to(DeliveryEmail e, String address) {
        return new DeliveryEmail(e.outboxId(), e.grantId(), new EmailAddress(address), e.customerName(), e.entitlementName(),
                e.key(), e.activationsLimit(), e.expiresAt(), e.activationMessage());
    }

    static DeliveryEmail withKey(DeliveryEmail e, String key) {
        return new DeliveryEmail(e.outboxId(), e.grantId(), e.to(), e.customerName(), e.entitlementName(),
                new LicenseKeyValue(key), e.activationsLimit(), e.expiresAt(), e.activationMessage());
    }

    static DeliveryEmail hostile(DeliveryEmail e, String name, String entitlementName, String activationMessage) {
        return new DeliveryEmail(e.outboxId(), e.grantId(), e.to(), Option.some(name), entitlementName, e.key(),
                e.activationsLimit(), e.expiresAt(), Option.some(activationMessage));
    }

    static DeliveryEmail fresh(DeliveryEmail e) {
        return new DeliveryEmail(randomId("obx_"), grantId(), e.to(), e.customerName(), e.entitlementName(),
                new LicenseKeyValue(randomId("KEY-")), e.activationsLimit(), e.expiresAt(), e.activationMessage());
    }
}
