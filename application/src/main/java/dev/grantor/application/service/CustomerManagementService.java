package dev.grantor.application.service;

import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.wire.Wire;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerChange;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Metadata;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.InstantSource;

/**
 * Creates and changes customers within the caller's business; reads through {@link CustomerQueries}. The store's
 * unique email per business is the last word in a race: the losing unit of work runs again and meets the winner.
 */
public final class CustomerManagementService implements CustomerManagement {

    private final CustomerQueries queries;
    private final WriteUnits units;
    private final Customers customers;
    private final EmailMoves moves;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final CustomerHistory history;

    public CustomerManagementService(CustomerQueries queries, Transactions transactions, Customers customers, SignIns signIns,
                                     PortalSignIns portalSignIns, AuditTrail audit, IdGenerator ids, InstantSource clock) {
        this.queries = queries;
        this.units = new WriteUnits(transactions);
        this.customers = customers;
        this.moves = new EmailMoves(signIns, portalSignIns);
        this.ids = ids;
        this.clock = clock;
        this.history = new CustomerHistory(audit, ids);
    }

    @Override
    public Either<GrantorError, List<Customer>> list(BusinessId business, ListCustomers query) {
        return queries.list(business, query);
    }

    @Override
    public Either<GrantorError, Customer> get(BusinessId business, String customerId) {
        return queries.get(business, customerId);
    }

    @Override
    public Either<GrantorError, Registration> create(BusinessId business, CreateCustomer command, Actor by) {
        if (command == null || by == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        return EmailAddress.parse("email", command.email())
                .flatMap(email -> CustomerName.parse("name", command.name())
                        .flatMap(name -> PhoneNumber.parse("phone_number", command.phoneNumber())
                                .flatMap(phone -> Wire.metadata("metadata", command.metadata())
                                        .flatMap(metadata -> units.write(() -> {
                                            var known = customers.findByEmail(business, email);
                                            if (known.isDefined()) {
                                                return Either.right(new Registration(known.get(), false));
                                            }
                                            var now = clock.instant();
                                            var registered = Customer.register(new CustomerId(ids.next(CustomerId.PREFIX)),
                                                    business, email, name, phone, metadata, now);
                                            customers.insert(registered);
                                            history.created(by, registered, now);
                                            return Either.right(new Registration(registered, true));
                                        })))));
    }

    @Override
    public Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command, Actor by) {
        return update(business, customerId, command, Option.none(), by);
    }

    @Override
    public Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command,
                                                 SeenContact seen, Actor by) {
        return update(business, customerId, command, Option.of(seen), by);
    }

    /** The entry is written in the unit that writes the change, after every check of it, so a refusal writes neither. */
    private Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command,
                                                  Option<SeenContact> seen, Actor by) {
        if (command == null || by == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        var id = CustomerId.parse("customer_id", customerId);
        if (id.isLeft()) {
            return Either.left(new NotFound("customer", String.valueOf(customerId)));
        }
        return change(command).flatMap(change -> units.write(() -> customers.lock(business, id.get())
                .toEither(() -> (GrantorError) new NotFound("customer", customerId))
                .flatMap(current -> seen.fold(() -> Either.<GrantorError, Customer>right(current),
                        view -> asSeen(current, change, view)))
                .flatMap(current -> emailFree(business, current, change))
                .map(current -> {
                    var now = clock.instant();
                    var changed = current.change(change, now);
                    if (changed != current) {
                        customers.update(changed);
                        moves.changed(current, changed);
                        history.changed(by, current, changed, now);
                    }
                    return changed;
                })));
    }

    /** Each part the change sets must still be as it was seen; every part that is not is named, with what it is now. */
    private static Either<GrantorError, Customer> asSeen(Customer current, CustomerChange change, SeenContact seen) {
        var stale = List.of(
                        change.email().isDefined() ? moved("email", current.email().value(), seen.email()) : Option.<ValidationFailed>none(),
                        change.name().isDefined()
                                ? moved("name", current.name().map(CustomerName::value).getOrElse(""), seen.name())
                                : Option.<ValidationFailed>none(),
                        change.phoneNumber().isDefined()
                                ? moved("phone_number", current.phoneNumber().map(PhoneNumber::value).getOrElse(""), seen.phoneNumber())
                                : Option.<ValidationFailed>none())
                .flatMap(problem -> problem);
        return stale.isEmpty() ? Either.right(current) : Either.left(stale.reduce(ValidationFailed::plus));
    }

    private static Option<ValidationFailed> moved(String field, String now, String seen) {
        return Text.trim(now).equals(Text.trim(seen == null ? "" : seen)) ? Option.none()
                : Option.some(ValidationFailed.of(field, "changed since it was read: it is now "
                        + (now.isEmpty() ? "empty" : now)));
    }

    /** A move to an address another customer of the business has would fail at the store, after the work. */
    private Either<GrantorError, Customer> emailFree(BusinessId business, Customer current, CustomerChange change) {
        var holder = change.email().flatMap(email -> customers.findByEmail(business, email))
                .filter(other -> !other.id().equals(current.id()));
        return holder.isDefined()
                ? Either.left(ValidationFailed.of("email", "belongs to another customer of this business (" + holder.get().id().value() + ")"))
                : Either.right(current);
    }

    private static Either<GrantorError, CustomerChange> change(UpdateCustomer command) {
        Either<GrantorError, Option<EmailAddress>> email = command.email() == null ? Either.right(Option.none())
                : EmailAddress.parse("email", command.email()).map(Option::some);
        Either<GrantorError, Option<Option<CustomerName>>> name = command.name() == null ? Either.right(Option.none())
                : CustomerName.parse("name", command.name()).map(Option::some);
        Either<GrantorError, Option<Option<PhoneNumber>>> phone = command.clearPhoneNumber()
                ? Either.right(Option.some(Option.none()))
                : command.phoneNumber() == null ? Either.right(Option.none())
                : PhoneNumber.parse("phone_number", command.phoneNumber()).map(Option::some);
        Either<GrantorError, Option<Metadata>> metadata = command.metadata() == null ? Either.right(Option.none())
                : Wire.metadata("metadata", command.metadata()).map(Option::some);
        return email.flatMap(e -> name.flatMap(n -> phone.flatMap(p -> metadata.map(m -> new CustomerChange(e, n, p, m)))));
    }
}
