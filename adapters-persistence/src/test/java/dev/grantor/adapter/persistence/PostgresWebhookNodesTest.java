package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.application.Grantor;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.ScriptedSender;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import io.vavr.collection.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two service nodes, each with its own pool, relay and dispatcher, sharing one PostgreSQL database. */
class PostgresWebhookNodesTest {

    private static final int GRANTS = 40;
    private static final List<String> URLS = List.of("https://a.example.com/h", "https://b.example.com/h", "https://c.example.com/h");

    /** One node: the engine whose events fan out to webhooks, and the dispatcher that sends them. */
    private record Node(JdbcStorage storage, Grantor grantor, WebhookDispatcher dispatcher, Webhooks webhooks) {

        static Node open(StorageSettings settings, ScriptedSender sender) {
            var storage = JdbcStorage.open(settings.withPoolSize(6));
            var grantor = Grantor.builder().storage(storage).mailer(new RecordingMailer()).webhookSender(sender)
                    .dispatchPolicy(DispatchPolicy.defaults().withPollInterval(Duration.ofMillis(20)))
                    .relayPolicy(RelayPolicy.defaults().withPollInterval(Duration.ofMillis(20)).withBatchSize(10)).build();
            return new Node(storage, grantor, grantor.dispatcher().get(), grantor.webhooks());
        }

        void start() {
            grantor.start();
        }

        void close() {
            grantor.close();
            storage.close();
        }
    }

    @Test
    void two_nodes_on_one_postgresql_deliver_each_event_once_per_endpoint() throws Exception {
        var settings = TestDatabases.freshPostgres();
        var sender = new ScriptedSender();
        var one = Node.open(settings, sender);
        var two = Node.open(settings, sender);
        try {
            var business = one.grantor().access().createBusiness("Acme").get().id();
            URLS.forEach(url -> one.webhooks().create(business, new CreateWebhook(url, null, null, null, null, null, null)).get());
            var entitlement = one.grantor().entitlements().create(business, new CreateEntitlement("Pro",
                    LicenseKeyConfig.manual(), null, null)).get();
            one.start();
            two.start();

            for (int i = 0; i < GRANTS; i++) {
                var node = i % 2 == 0 ? one : two;
                node.grantor().issuing().issue(business, entitlement.id().value(),
                        new IssueGrant(new CustomerContact(null, "buyer" + i + "@example.com", null), null, null, null)).get();
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sender.requests().size() >= GRANTS * URLS.size());
            Thread.sleep(300);

            var requests = sender.requests();
            assertThat(requests).hasSize(GRANTS * URLS.size());
            for (String url : URLS) {
                var ids = sender.requestsTo(url).map(r -> r.headers().get("webhook-id").get());
                assertThat(ids).hasSize(GRANTS).doesNotHaveDuplicates();
            }
            assertThat(requests.map(WebhookRequest::body).distinct()).hasSize(GRANTS);
            assertThat(one.dispatcher().deliveredCount() + two.dispatcher().deliveredCount()).isEqualTo(GRANTS * URLS.size());
        } finally {
            one.close();
            two.close();
        }
    }
}
