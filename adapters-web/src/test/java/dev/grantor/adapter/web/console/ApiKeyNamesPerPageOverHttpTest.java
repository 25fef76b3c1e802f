package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebPages;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A history names API keys from one read of the business's key names per page, not one per entry or per key. */
class ApiKeyNamesPerPageOverHttpTest {

    final AtomicInteger nameReads = new AtomicInteger();
    final WebServer server = WebServer.drivingUseCases(useCases -> new WebPages.UseCases(counted(useCases.console()), useCases.portal()));

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void a_history_naming_three_keys_in_six_entries_reads_the_names_once_and_one_naming_none_not_at_all() {
        var keys = new String[] {
                server.grantor.access().createApiKey(server.a, false, Option.some("store")).get().id(),
                server.grantor.access().createApiKey(server.a, false, Option.some("billing")).get().id(),
                server.grantor.access().createApiKey(server.a, false).get().id()};
        String named = customer("k0@example.com");
        for (int n = 1; n <= 6; n++) {
            server.clock.advance(Duration.ofSeconds(1));
            server.grantor.customers().update(server.a, named, new UpdateCustomer("k" + n + "@example.com", null, null, false, null),
                    new Actor.ApiKey(keys[n % 3])).get();
        }
        String unnamed = customer("h0@example.com");
        server.grantor.customers().update(server.a, unnamed, new UpdateCustomer("h1@example.com", null, null, false, null),
                new Actor.Host()).get();
        var owner = new WebClient(server.base);
        assertThat(owner.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);

        String page = owner.get("/console/customers/" + named).body();

        assertThat(page).contains("API key “store” (" + keys[0] + ")", "API key “billing” (" + keys[1] + ")", "API key " + keys[2] + " ");
        assertThat(nameReads).hasValue(1);
        assertThat(owner.get("/console/customers/" + unnamed).body()).contains("the host application");
        assertThat(nameReads).as("no entry names a key").hasValue(1);
    }

    private String customer(String email) {
        return server.grantor.customers().create(server.a, new CreateCustomer(email, null, null, null), new Actor.Host()).get()
                .customer().id().value();
    }

    private ConsolePages.UseCases counted(ConsolePages.UseCases c) {
        Access engine = c.access();
        Access counting = new Access() {
            @Override
            public Either<GrantorError, Business> createBusiness(String name) {
                return engine.createBusiness(name);
            }

            @Override
            public Either<GrantorError, CreatedApiKey> createApiKey(BusinessId business, boolean readOnly, Option<String> name,
                                                                    Actor by) {
                return engine.createApiKey(business, readOnly, name, by);
            }

            @Override
            public Map<String, String> apiKeyNames(BusinessId business) {
                nameReads.incrementAndGet();
                return engine.apiKeyNames(business);
            }

            @Override
            public Either<GrantorError, Caller> authenticate(String bearerToken) {
                return engine.authenticate(bearerToken);
            }

            @Override
            public Either<GrantorError, Boolean> revokeApiKey(BusinessId business, String apiKeyId, Actor by) {
                return engine.revokeApiKey(business, apiKeyId, by);
            }
        };
        return new ConsolePages.UseCases(c.signIn(), c.operators(), c.grants(), c.fulfillment(), c.entitlements(), c.customers(),
                c.licenseKeys(), c.pools(), c.resends(), c.timeline(), c.webhooks(), c.outbox(), counting);
    }
}
