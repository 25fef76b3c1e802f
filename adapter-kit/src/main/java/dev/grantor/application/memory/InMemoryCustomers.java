package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.application.port.out.Page;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Comparator;
import io.vavr.collection.Map;
import io.vavr.control.Option;

final class InMemoryCustomers implements Customers {

    private record EmailKey(BusinessId business, String matchKey) {
        static EmailKey of(Customer c) {
            return new EmailKey(c.businessId(), c.email().matchKey());
        }
    }

    private static final Slot<Map<CustomerId, Customer>> ROWS = new Slot<>("customers", HashMap.empty());
    private static final Slot<Map<EmailKey, CustomerId>> EMAILS = new Slot<>("customers by email", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryCustomers(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Customer customer) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var emails = t.get(EMAILS);
            if (rows.containsKey(customer.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "customer " + customer.id() + " exists");
            }
            if (emails.containsKey(EmailKey.of(customer))) {
                throw new DuplicateRecord(DuplicateRecord.Rule.CUSTOMER_EMAIL, "the business has a customer with this email");
            }
            return t.with(ROWS, rows.put(customer.id(), customer)).with(EMAILS, emails.put(EmailKey.of(customer), customer.id()));
        });
    }

    @Override
    public void update(Customer customer) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var stored = rows.get(customer.id()).filter(c -> c.businessId().equals(customer.businessId()))
                    .getOrElseThrow(() -> new IllegalArgumentException("no customer " + customer.id() + " to update"));
            var emails = t.get(EMAILS);
            var key = EmailKey.of(customer);
            if (!key.equals(EmailKey.of(stored))) {
                if (emails.containsKey(key)) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.CUSTOMER_EMAIL, "the business has a customer with this email");
                }
                emails = emails.remove(EmailKey.of(stored)).put(key, customer.id());
            }
            return t.with(ROWS, rows.put(customer.id(), customer)).with(EMAILS, emails);
        });
    }

    @Override
    public Option<Customer> find(BusinessId business, CustomerId id) {
        return tx.query(t -> t.get(ROWS).get(id).filter(c -> c.businessId().equals(business)));
    }

    @Override
    public Map<CustomerId, Customer> ofAll(BusinessId business, List<CustomerId> ids) {
        return tx.query(t -> ids.distinct().flatMap(id -> t.get(ROWS).get(id).filter(c -> c.businessId().equals(business)))
                .toMap(Customer::id, customer -> customer));
    }

    @Override
    public Option<Customer> lock(BusinessId business, CustomerId id) {
        return find(business, id);
    }

    @Override
    public Option<Customer> findByEmail(BusinessId business, EmailAddress email) {
        return tx.query(t -> t.get(EMAILS).get(new EmailKey(business, email.matchKey())).flatMap(t.get(ROWS)::get));
    }

    @Override
    public List<Customer> list(BusinessId business, Filter filter, Page page) {
        return tx.query(t -> t.get(ROWS).values().toList()
                .filter(c -> c.businessId().equals(business))
                .filter(c -> filter.email().forAll(e -> e.matchKey().equals(c.email().matchKey())))
                .filter(c -> filter.nameContains().forAll(part -> c.name()
                        .exists(name -> Filter.folded(name.value()).contains(Filter.folded(part)))))
                .filter(c -> filter.createdFrom().forAll(from -> !c.createdAt().isBefore(from)))
                .filter(c -> filter.createdTo().forAll(to -> !c.createdAt().isAfter(to)))
                .sorted(Comparator.comparing(Customer::createdAt).thenComparing(c -> c.id().value()).reversed())
                .drop((int) Math.min(Integer.MAX_VALUE, page.offset()))
                .take(page.size()));
    }
}
