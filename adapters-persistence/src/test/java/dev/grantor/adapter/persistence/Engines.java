package dev.grantor.adapter.persistence;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.shared.GrantId;
import java.util.Map;

/**
 * The real engine over a {@link JdbcStorage}, for tests and benchmarks that need what the use cases
 * write rather than what the ports can do. Mail and events go nowhere: the relay is never started, so
 * the outbox keeps everything for inspection.
 */
public final class Engines {

    private Engines() {}

    public static Grantor over(JdbcStorage storage) {
        return Grantor.builder()
                .storage(storage)
                .mailer(emails -> emails.map(email -> SendOutcome.SENT))
                .eventSink(event -> SendOutcome.SENT)
                .build();
    }

    /** Issues a pending grant of the world's manual entitlement to its customer, for a fresh payment. */
    public static GrantId issuePending(Grantor engine, Samples.World world) {
        var customer = world.customer();
        var contact = new CustomerContact(customer.id().value(), customer.email().value(),
                customer.name().map(name -> name.value()).getOrNull());
        var issued = engine.issuing().issue(world.businessId(), world.entitlement().id().value(),
                        new IssueGrant(contact, Samples.id("pay_"), null, Map.of("plan", "pro", "seats", 5)))
                .getOrElseThrow(error -> new IllegalStateException("issuing refused: " + error.message()));
        return issued.grant().grant().id();
    }
}
