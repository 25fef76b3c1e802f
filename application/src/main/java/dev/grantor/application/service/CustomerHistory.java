package dev.grantor.application.service;

import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * What the audit trail says about a customer, written by the use case that makes the change, in the change's unit of
 * work, whichever path asked for it (the console, the REST API, the host application, a grant's issue naming the
 * customer's new address). One rule for every path: the parts that changed, in order, the email's old and new address
 * as stored (where a key was sent is what a support case turns on), never a name's, phone number's or metadata's
 * values (the entry outlives them, and the customer's page shows the present ones). A change that changes nothing
 * writes no entry.
 */
final class CustomerHistory {

    private final AuditTrail audit;
    private final IdGenerator ids;

    CustomerHistory(AuditTrail audit, IdGenerator ids) {
        this.audit = audit;
        this.ids = ids;
    }

    /** In the unit that inserts {@code created}. */
    void created(Actor by, Customer created, Instant at) {
        audit.append(new AuditEntry(ids.next(OperatorAccessService.AUDIT_PREFIX), created.businessId(), by.recorded(), CustomerManagement.CREATED,
                created.id().value(), "email " + created.email().value(), at));
    }

    /** In the unit that writes {@code after} over {@code before}; nothing when they differ in nothing the entry names. */
    void changed(Actor by, Customer before, Customer after, Instant at) {
        var detail = detail(before, after);
        if (!detail.isEmpty()) {
            audit.append(new AuditEntry(ids.next(OperatorAccessService.AUDIT_PREFIX), after.businessId(), by.recorded(),
                    CustomerManagement.CHANGED, after.id().value(), detail, at));
        }
    }

    /** "email a → b, name, phone number removed, metadata"; empty when nothing changed. */
    static String detail(Customer before, Customer after) {
        return List.of(
                        before.email().equals(after.email()) ? Option.<String>none()
                                : Option.some("email " + before.email().value() + " → " + after.email().value()),
                        part("name", before.name().map(CustomerName::value), after.name().map(CustomerName::value)),
                        part("phone number", before.phoneNumber().map(PhoneNumber::value), after.phoneNumber().map(PhoneNumber::value)),
                        before.metadata().equals(after.metadata()) ? Option.<String>none() : Option.some("metadata"))
                .flatMap(named -> named)
                .mkString(", ");
    }

    private static Option<String> part(String name, Option<String> before, Option<String> after) {
        if (before.equals(after)) {
            return Option.none();
        }
        return Option.some(after.isEmpty() ? name + " removed" : name);
    }
}
