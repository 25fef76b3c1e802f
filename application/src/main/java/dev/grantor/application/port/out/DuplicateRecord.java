package dev.grantor.application.port.out;

/**
 * An insert hit a uniqueness rule that the store enforces on its own: a license key value already in use,
 * a grant already issued for the same (entitlement, customer, payment or subscription), a customer email
 * already registered in the business. The unit of work is rolled back; the engine answers from it.
 */
public class DuplicateRecord extends RuntimeException {

    public enum Rule { LICENSE_KEY_VALUE, GRANT_ORIGIN, CUSTOMER_EMAIL, OPERATOR_EMAIL, SIGNING_KEY_GENERATION, KEY_POOL, POOLED_KEY_VALUE, API_KEY_NAME, OTHER }

    private final Rule rule;

    public DuplicateRecord(Rule rule, String message, Throwable cause) {
        super(message, cause);
        this.rule = rule;
    }

    public DuplicateRecord(Rule rule, String message) {
        this(rule, message, null);
    }

    public Rule rule() {
        return rule;
    }
}
