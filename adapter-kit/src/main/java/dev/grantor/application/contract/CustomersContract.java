package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.Customers.Filter;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerChange;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** {@code Customers}: one customer per email and business, matched case-insensitively; tenant-scoped. */
public abstract class CustomersContract extends PortContract {

    @Test
    void a_customer_comes_back_as_it_was_stored_with_or_without_a_name() {
        var business = insertedBusiness();
        var named = ContractFixtures.customer(business, "Ada.Lovelace@Example.com");
        var nameless = Customer.register(new CustomerId(ContractFixtures.id("cus_")), business, new EmailAddress("x@example.org"),
                Option.none(), at(1));

        inUnit(() -> {
            store.customers().insert(named);
            store.customers().insert(nameless);
        });

        assertThat(reading(() -> store.customers().find(business, named.id()))).contains(named);
        assertThat(reading(() -> store.customers().find(business, nameless.id()))).contains(nameless);
    }

    @Test
    void customers_are_listed_newest_first_page_by_page_and_filtered_by_email_in_any_case() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var first = inserted(registered(business, "first@example.com", 1));
        var second = inserted(registered(business, "Second@Example.com", 2));
        var third = inserted(registered(business, "third@example.com", 3));
        var elsewhere = inserted(registered(other, "first@example.com", 4));

        assertThat(reading(() -> store.customers().list(business, Filter.NONE, new Page(0, 2)))).containsExactly(third, second);
        assertThat(reading(() -> store.customers().list(business, Filter.NONE, new Page(1, 2)))).containsExactly(first);
        assertThat(reading(() -> store.customers().list(business, Filter.NONE, new Page(2, 2)))).isEmpty();
        assertThat(reading(() -> store.customers().list(business, Filter.byEmail(new EmailAddress("second@EXAMPLE.com")),
                new Page(0, 10)))).containsExactly(second);
        assertThat(reading(() -> store.customers().list(business, Filter.byEmail(new EmailAddress("nobody@example.com")),
                new Page(0, 10)))).isEmpty();
        assertThat(reading(() -> store.customers().list(other, Filter.NONE, new Page(0, 10)))).containsExactly(elsewhere);
    }

    @Test
    void customers_are_filtered_by_a_part_of_the_name_in_any_ascii_case_and_by_an_inclusive_creation_range() {
        var business = insertedBusiness();
        var ada = inserted(named(business, "ada@example.com", "Ada Lovelace", 10));
        var grace = inserted(named(business, "grace@example.com", "Grace HOPPER", 20));
        var percent = inserted(named(business, "pct@example.com", "100% Ada_fan", 30));
        var accented = inserted(named(business, "emile@example.com", "Émile", 40));
        var nameless = inserted(Customer.register(new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), business,
                new EmailAddress("nobody-named@example.com"), Option.none(), at(50)));

        assertThat(byName(business, "ADA")).containsExactly(percent, ada);
        assertThat(byName(business, "hopper")).containsExactly(grace);
        assertThat(byName(business, "a l")).containsExactly(ada);
        // LIKE's wildcards and its escape are matched as themselves
        assertThat(byName(business, "%")).containsExactly(percent);
        assertThat(byName(business, "a_f")).containsExactly(percent);
        assertThat(byName(business, "a%l")).isEmpty();
        assertThat(byName(business, "!")).isEmpty();
        // only ASCII letters are folded, on every store alike
        assertThat(byName(business, "Émile")).containsExactly(accented);
        assertThat(byName(business, "émile")).isEmpty();
        assertThat(byName(business, "")).containsExactly(accented, percent, grace, ada);

        var from = new Filter(Option.none(), Option.none(), Option.some(at(20)), Option.none());
        assertThat(reading(() -> store.customers().list(business, from, new Page(0, 10))))
                .containsExactly(nameless, accented, percent, grace);
        var between = new Filter(Option.none(), Option.none(), Option.some(at(20)), Option.some(at(30)));
        assertThat(reading(() -> store.customers().list(business, between, new Page(0, 10)))).containsExactly(percent, grace);
        var all = new Filter(Option.some(new EmailAddress("ADA@example.com")), Option.some("love"), Option.some(at(10)),
                Option.some(at(10)));
        assertThat(reading(() -> store.customers().list(business, all, new Page(0, 10)))).containsExactly(ada);
        var paged = new Filter(Option.none(), Option.some("a"), Option.none(), Option.none());
        assertThat(reading(() -> store.customers().list(business, paged, new Page(1, 2)))).containsExactly(ada);
    }

    private io.vavr.collection.List<Customer> byName(BusinessId business, String part) {
        var filter = new Filter(Option.none(), Option.some(part), Option.none(), Option.none());
        return reading(() -> store.customers().list(business, filter, new Page(0, 10)));
    }

    private static Customer named(BusinessId business, String email, String name, long second) {
        return Customer.register(new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), business, new EmailAddress(email),
                Option.some(new CustomerName(name)), at(second));
    }

    private static Customer registered(BusinessId business, String email, long second) {
        return Customer.register(new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), business, new EmailAddress(email),
                Option.some(new CustomerName("Buyer " + second)), at(second));
    }

    @Test
    void another_business_finds_the_customer_neither_by_id_nor_by_email() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var customer = inserted(ContractFixtures.customer(business, "someone@example.com"));

        assertThat(reading(() -> store.customers().find(other, customer.id()))).isEmpty();
        assertThat(reading(() -> store.customers().findByEmail(other, customer.email()))).isEmpty();
    }

    /**
     * The customers of a page of grants read together are each as read alone: across more ids than one statement binds,
     * with an id given twice, an unknown id and another business's customer, which are not among them.
     */
    @Test
    void the_customers_of_many_ids_read_together_are_each_as_read_alone_and_only_the_business_s() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var mine = io.vavr.collection.List.range(0, 205).map(i -> registered(business, "page" + i + "@example.com", i));
        inUnit(() -> mine.forEach(store.customers()::insert));
        var elsewhere = inserted(registered(other, "page0@example.com", 1));
        var unknown = new CustomerId(ContractFixtures.id(CustomerId.PREFIX));
        var asked = mine.map(Customer::id).prepend(mine.last().id()).append(elsewhere.id()).append(unknown);

        var together = reading(() -> store.customers().ofAll(business, asked));

        assertThat(together.keySet().toJavaSet()).containsExactlyInAnyOrderElementsOf(mine.map(Customer::id));
        for (var customer : mine) {
            assertThat(together.get(customer.id())).isEqualTo(reading(() -> store.customers().find(business, customer.id())));
        }
        assertThat(reading(() -> store.customers().ofAll(other, asked)).values()).containsExactly(elsewhere);
        assertThat(reading(() -> store.customers().ofAll(business, io.vavr.collection.List.empty()))).isEmpty();
    }

    /**
     * A unit that holds the customer sees every change committed before it got it: eight units each adding their own
     * metadata entry to what they read leave all eight, where plain reads let each write the others' away.
     */
    @Test
    void a_customer_is_held_only_by_its_business_and_units_holding_it_each_keep_the_others_changes() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var customer = inserted(ContractFixtures.customer(business, "held@example.com"));
        assertThat(store.transactions().write(() -> Either.right(store.customers().lock(other, customer.id()))).get()).isEmpty();

        var outcomes = race(8, n -> store.transactions().write(() -> {
            var held = store.customers().lock(business, customer.id()).get();
            var metadata = new Metadata(held.metadata().entries().put("unit" + n, new Metadata.Text(String.valueOf(n))));
            store.customers().update(held.change(new CustomerChange(Option.none(), Option.none(), Option.none(),
                    Option.some(metadata)), at(10 + n)));
            return Either.right(Boolean.TRUE);
        }));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(reading(() -> store.customers().find(business, customer.id())).get().metadata().entries().keySet())
                .hasSize(8);
    }

    @Test
    void a_customer_is_found_by_email_in_any_case() {
        var business = insertedBusiness();
        var customer = inserted(ContractFixtures.customer(business, "Grace.Hopper@Navy.example"));

        assertThat(reading(() -> store.customers().findByEmail(business, new EmailAddress("grace.hopper@navy.EXAMPLE"))))
                .contains(customer);
        assertThat(reading(() -> store.customers().findByEmail(business, new EmailAddress("grace@navy.example")))).isEmpty();
    }

    @Test
    void a_second_customer_with_the_same_email_in_another_case_is_a_duplicate() {
        var business = insertedBusiness();
        inserted(ContractFixtures.customer(business, "dup@example.com"));

        assertThatThrownBy(() -> inserted(ContractFixtures.customer(business, "DUP@Example.COM")))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.CUSTOMER_EMAIL));
    }

    @Test
    void the_same_email_may_belong_to_customers_of_two_businesses() {
        var first = inserted(ContractFixtures.customer(insertedBusiness(), "shared@example.com"));
        var second = inserted(ContractFixtures.customer(insertedBusiness(), "shared@example.com"));

        assertThat(reading(() -> store.customers().findByEmail(first.businessId(), first.email()))).contains(first);
        assertThat(reading(() -> store.customers().findByEmail(second.businessId(), second.email()))).contains(second);
    }

    @Test
    void an_update_replaces_the_contact_details_and_the_email_it_is_found_by() {
        var business = insertedBusiness();
        var customer = inserted(ContractFixtures.customer(business, "old@example.com"));
        var moved = customer.updateContact(new EmailAddress("new@example.com"), Option.some(new CustomerName("Ada King")), at(5));

        inUnit(() -> store.customers().update(moved));

        assertThat(reading(() -> store.customers().find(business, customer.id()))).contains(moved);
        assertThat(reading(() -> store.customers().findByEmail(business, new EmailAddress("NEW@example.com")))).contains(moved);
        assertThat(reading(() -> store.customers().findByEmail(business, new EmailAddress("old@example.com")))).isEmpty();
    }

    @Test
    void a_phone_number_and_metadata_come_back_as_stored_and_an_update_replaces_them() {
        var business = insertedBusiness();
        var metadata = new Metadata(LinkedHashMap.of("crm_id", (Metadata.Value) new Metadata.Text("c-17"),
                "seats", new Metadata.Number(new BigDecimal("3.50")), "vip", new Metadata.Flag(true)));
        var customer = inserted(Customer.register(new CustomerId(ContractFixtures.id(CustomerId.PREFIX)), business,
                new EmailAddress("grace@example.com"), Option.some(new CustomerName("Grace")),
                Option.some(new PhoneNumber("+1 (555) 010-0199")), metadata, at(1)));

        assertThat(reading(() -> store.customers().find(business, customer.id()))).contains(customer);
        assertThat(reading(() -> store.customers().list(business, Filter.NONE, new Page(0, 10)))).containsExactly(customer);

        var changed = customer.change(new CustomerChange(Option.none(), Option.none(), Option.some(Option.none()),
                Option.some(Metadata.EMPTY)), at(5));
        inUnit(() -> store.customers().update(changed));

        var stored = reading(() -> store.customers().find(business, customer.id())).get();
        assertThat(stored).isEqualTo(changed);
        assertThat(stored.phoneNumber()).isEmpty();
        assertThat(stored.metadata()).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void a_customer_a_purchase_registers_has_no_phone_number_and_empty_metadata() {
        var business = insertedBusiness();
        var customer = inserted(ContractFixtures.customer(business, "buyer@example.com"));

        var stored = reading(() -> store.customers().findByEmail(business, customer.email())).get();

        assertThat(stored.phoneNumber()).isEmpty();
        assertThat(stored.metadata()).isEqualTo(Metadata.EMPTY);
    }

    @Test
    void an_update_to_an_email_another_customer_has_is_a_duplicate() {
        var business = insertedBusiness();
        inserted(ContractFixtures.customer(business, "taken@example.com"));
        var customer = inserted(ContractFixtures.customer(business, "mine@example.com"));

        assertThatThrownBy(() -> inUnit(() -> store.customers().update(
                customer.updateContact(new EmailAddress("Taken@example.com"), Option.none(), at(5)))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.CUSTOMER_EMAIL));
        assertThat(reading(() -> store.customers().find(business, customer.id()))).contains(customer);
    }

    @Test
    void of_16_customers_registered_at_once_with_one_email_exactly_one_is_stored() {
        var business = insertedBusiness();

        var outcomes = race(16, n -> inserted(ContractFixtures.customer(business, n % 2 == 0 ? "race@example.com" : "RACE@example.com")));

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        assertThat(outcomes.stream().filter(Either::isLeft)).allMatch(o -> o.getLeft() instanceof DuplicateRecord d
                && d.rule() == DuplicateRecord.Rule.CUSTOMER_EMAIL);
    }

    private Customer inserted(Customer customer) {
        inUnit(() -> store.customers().insert(customer));
        return customer;
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }
}
