package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerPortal.CodeRequest;
import dev.grantor.application.port.out.Customers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The portal's code request answers before it looks the email up among the customers: whether it is a customer's
 * changes nothing the visitor can time. The code and its email are written after the answer, still, and a stranger's
 * email gets a code stored and never sent, as before.
 */
class PortalCodeAfterTheAnswerTest {

    private final AtomicBoolean holding = new AtomicBoolean();
    private final CountDownLatch lookedUp = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingMailer mailer = new RecordingMailer();
    private final Grantor grantor = Grantor.builder().storage(EngineFixture.storage(store)).mailer(mailer)
            .customers(held(store.customers())).build();

    /** The store's customers, whose lookup by email waits, once asked, until the test releases it. */
    private Customers held(Customers customers) {
        return (Customers) Proxy.newProxyInstance(Customers.class.getClassLoader(), new Class<?>[] {Customers.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findByEmail") && holding.get()) {
                        lookedUp.countDown();
                        assertThat(released.await(30, TimeUnit.SECONDS)).isTrue();
                    }
                    try {
                        return method.invoke(customers, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void a_customer_is_answered_before_the_email_is_looked_up_and_the_code_still_goes_out() throws Exception {
        var business = grantor.access().createBusiness("Acme").get().id();
        grantor.customers().create(business, new CreateCustomer("ada@example.com", "Ada", null, Map.of())).get();
        holding.set(true);

        try {
            assertThat(grantor.customerPortal().requestCode(business, "ada@example.com", "203.0.113.7").get())
                    .isEqualTo(new CodeRequest.Accepted(CustomerPortal.CODE_LIFETIME));
            assertThat(lookedUp.await(30, TimeUnit.SECONDS)).as("looked up after the answer").isTrue();
            assertThat(store.outboxMessages()).as("nothing queued yet").isEmpty();
        } finally {
            released.countDown();
        }

        EngineFixture.settled(grantor);
        grantor.relay().runOnce();
        assertThat(mailer.portalEmails()).singleElement().satisfies(email -> assertThat(email.to().value()).isEqualTo("ada@example.com"));
    }

    @Test
    void a_stranger_gets_the_same_answer_a_code_stored_and_nothing_sent() {
        released.countDown();
        var business = grantor.access().createBusiness("Acme").get().id();

        assertThat(grantor.customerPortal().requestCode(business, "mallory@example.com", "203.0.113.7").get())
                .isEqualTo(new CodeRequest.Accepted(CustomerPortal.CODE_LIFETIME));
        EngineFixture.settled(grantor);

        assertThat(store.transactions().read(() -> store.portalSignIns().findCode(business, "mallory@example.com")))
                .as("a wrong code typed for it is counted as for a customer's").isNotEmpty();
        assertThat(store.outboxMessages()).isEmpty();
    }
}
