package dev.grantor.application.service;

import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Customers.Filter;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/** Reads customers, always within the caller's business. */
public final class CustomerQueriesService implements CustomerQueries {

    private static final ListCustomers DEFAULTS = new ListCustomers(null, null, null);

    private final Transactions transactions;
    private final Customers customers;
    private final CommandValidation validation;

    public CustomerQueriesService(Transactions transactions, Customers customers, CommandValidation validation) {
        this.transactions = transactions;
        this.customers = customers;
        this.validation = validation;
    }

    @Override
    public Either<GrantorError, List<Customer>> list(BusinessId business, ListCustomers query) {
        var q = query == null ? DEFAULTS : query;
        return validation.check(q).map(valid -> {
            var page = Paging.page(q.pageNumber(), q.pageSize());
            Option<Option<EmailAddress>> email = q.email() == null
                    ? Option.some(Option.none())
                    // an address no customer can have matches nobody, as a malformed id filter does elsewhere
                    : EmailAddress.parse("email", q.email().strip()).map(Option::some).toOption();
            return email.map(known -> new Filter(known, Option.of(q.name()), CreatedRange.from(q.createdAtGte()),
                            CreatedRange.upTo(q.createdAtLte())))
                    .map(filter -> transactions.read(() -> customers.list(business, filter, page)))
                    .getOrElse(List.empty());
        });
    }

    @Override
    public Either<GrantorError, Customer> get(BusinessId business, String customerId) {
        var id = CustomerId.parse("customer_id", customerId);
        if (id.isLeft()) {
            return Either.left(new NotFound("customer", String.valueOf(customerId)));
        }
        return transactions.read(() -> customers.find(business, id.get()))
                .toEither(() -> new NotFound("customer", customerId));
    }
}
