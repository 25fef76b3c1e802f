package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.VisibleName;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;

/**
 * "I lost my email": the delivery email of a {@code Delivered} license-key grant, sent again through the outbox
 * as a new message. Each caller names its {@link ResendPolicy} (how many resends per window, counted per grant and
 * per policy, so a customer's own resends never use up the merchant's) and says who asked; both are recorded.
 */
public interface DeliveryResends {

    /** Who asked for the resend: kept with it, so a timeline can say "resent at the customer's request". */
    sealed interface Requester {
        /** How an operator's request is stored: this, then whom the console or the command line named. */
        String OPERATOR = "operator:";
        /** How the customer's own request is stored (a resend or a rotation on the portal): this, then the customer's id. */
        String CUSTOMER = "customer:";
        /**
         * How a request from the command line is stored: this, then the name given there. Before this form the command
         * line stored its name as an operator's, which a history cannot tell from a removed operator's id.
         */
        String COMMAND_LINE = "command_line:";

        /** The stored form: {@code api_key:<id>}, {@code operator:<id>}, {@code command_line:<name>} or {@code customer:<id>}. */
        String recorded();
    }

    /** A merchant's API call, by the id of the API key it used (never the token). */
    record ByApiKey(String apiKeyId) implements Requester {
        public ByApiKey {
            requireText(apiKeyId, "an API key requester names the key's id");
        }

        @Override
        public String recorded() {
            return "api_key:" + apiKeyId;
        }
    }

    /** An operator of the console (or the owner through it), by the id the console's session names. */
    record ByOperator(String operatorId) implements Requester {
        public ByOperator {
            requireText(operatorId, "an operator requester names the operator");
        }

        @Override
        public String recorded() {
            return OPERATOR + operatorId;
        }
    }

    /**
     * Someone at the command line ({@code grantor grants resend --operator NAME}), by the free-form name given there or
     * the system user's: no operator's id, so a history names it as what it is, not as an operator it cannot find.
     */
    record ByCommandLine(String name) implements Requester {
        /** The longest name: a timeline prints it beside "(command line)". */
        public static final int MAX_NAME = 200;

        /** The name follows the rule of every name people read ({@link VisibleName}): a timeline shows it. */
        public ByCommandLine {
            if (!VisibleName.holds(name, MAX_NAME)) {
                throw new IllegalArgumentException("a command-line requester names who asked: " + VisibleName.rule(MAX_NAME));
            }
        }

        @Override
        public String recorded() {
            return COMMAND_LINE + name;
        }
    }

    /** The grant's own customer (the customer portal); any other customer's grant is not found. */
    record ByCustomer(CustomerId customerId) implements Requester {
        public ByCustomer {
            if (customerId == null) {
                throw new IllegalArgumentException("a customer requester names the customer");
            }
        }

        @Override
        public String recorded() {
            return CUSTOMER + customerId.value();
        }
    }

    /**
     * At most {@code count} resends of one grant's email per {@code window} under this policy's {@code name}: the
     * window opens at the first resend and the count starts over once it has passed. Policies with different names
     * count apart.
     */
    record ResendPolicy(String name, int count, Duration window) {
        /** The HTTP API's {@code POST /grants/{grant_id}/resend}: once per grant per 10 minutes. */
        public static final ResendPolicy MERCHANT = new ResendPolicy("merchant", 1, Duration.ofMinutes(10));
        /** "Send me this key again" in the customer portal: 3 per grant per hour. */
        public static final ResendPolicy CUSTOMER = new ResendPolicy("customer", 3, Duration.ofHours(1));
        /** An operator (command line, console): once per grant per minute, against double clicks and loops. */
        public static final ResendPolicy OPERATOR = new ResendPolicy("operator", 1, Duration.ofMinutes(1));

        public ResendPolicy {
            if (name == null || !name.matches("[a-z][a-z0-9_]{0,39}") || count < 1 || window == null
                    || window.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a resend policy has a lower-case name, a count >= 1 and a window >= 1 s");
            }
        }
    }

    /** One resend: {@code outboxMessageId} is the new email's outbox id (its Message-ID contains it). */
    record Resend(GrantId grantId, String outboxMessageId, String requestedBy, String policy, Instant requestedAt) {
        public Resend {
            if (grantId == null || outboxMessageId == null || requestedBy == null || policy == null || requestedAt == null) {
                throw new IllegalArgumentException("a resend names its grant, message, requester, policy and time");
            }
        }
    }

    /**
     * Appends a new delivery email for the grant's current key to the outbox, if the policy allows one now.
     * Errors: {@code NOT_FOUND} (unknown, malformed, another business's, or not the requesting customer's),
     * {@code NO_DELIVERY_EMAIL} (not a license-key grant), {@code GRANT_NOT_DELIVERED},
     * {@code RATE_LIMITED} (with the seconds until the policy allows the next one). A refused resend
     * uses up nothing; two concurrent requests never both pass a policy's last use.
     */
    Either<GrantorError, Resend> resend(BusinessId business, String grantId, Requester requestedBy, ResendPolicy policy);

    /** The grant's resends, newest first; {@code NOT_FOUND} as for {@link #resend}. */
    Either<GrantorError, List<Resend>> resends(BusinessId business, String grantId);

    private static void requireText(String value, String rule) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(rule);
        }
    }
}
