package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.in.Webhooks.ListWebhooks;
import dev.grantor.application.port.in.Webhooks.UpdateWebhook;
import dev.grantor.application.port.in.Webhooks.Webhook;
import dev.grantor.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhooksTest {

    private final MutableClock clock = new MutableClock();
    private final WebhookTestbed bed = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults(), clock);

    @AfterEach
    void close() {
        bed.close();
    }

    private static CreateWebhook create(String url) {
        return new CreateWebhook(url, null, null, null, null, null, null);
    }

    /** Issue 11.2: a merchant's URL must not turn the service into a scanner of its own network. */
    @Nested
    class Targets_that_are_not_public {

        @ParameterizedTest
        @ValueSource(strings = {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://[fd00::1]/",
                "https://[::ffff:127.0.0.1]:8443/", "https://[::ffff:a9fe:a9fe]/", "https://[::127.0.0.1]/",
                "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/", "https://[fe80::1]/", "https://[ff02::1]/",
                "https://[::]/", "https://0.0.0.0/", "https://127.0.0.1/", "https://172.16.5.4/", "https://192.168.1.1/",
                "https://100.100.100.200/", "https://224.0.0.1/", "https://255.255.255.255/", "https://localhost/",
                "https://api.localhost/", "https://metadata.google.internal/computeMetadata/v1/", "https://[fd00:ec2::254]/",
                "https://192.0.0.192/"})
        void are_refused_at_registration(String url) {
            var result = bed.webhooks.create(bed.business, create(url));

            assertThat(result.getLeft().code()).as(url).isEqualTo(ErrorCode.WEBHOOK_TARGET_NOT_ALLOWED);
            assertThat(result.getLeft().message()).contains("public internet address");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://2130706433:8443/", "https://0x7f000001/", "https://0177.0.0.1/", "https://0x7f.1/",
                "https://127.1/", "https://3232235777/", "https://017700000001/"})
        void written_as_integers_or_in_octal_or_hex_are_refused_even_where_private_targets_are_allowed(String url) {
            try (var onPremise = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults().withPrivateTargetsAllowed(true),
                    clock)) {
                var result = onPremise.webhooks.create(onPremise.business, create(url));

                // 0x7f.1 and 127.1 do not even parse as a URL's host (a top label starts with a letter); the rest are read
                assertThat(result.getLeft().code()).as(url).isEqualTo(ErrorCode.VALIDATION_FAILED);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://93.184.215.14/", "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
                "https://hooks.example.com/", "https://1.1.1.1:8443/in"})
        void public_addresses_and_names_are_accepted(String url) {
            assertThat(bed.webhooks.create(bed.business, create(url)).isRight()).as(url).isTrue();
        }

        @Test
        void a_url_moved_onto_a_private_address_is_refused_too() {
            var endpoint = bed.endpoint("https://hooks.example.com/in");

            var result = bed.webhooks.update(bed.business, endpoint.id(), new UpdateWebhook("https://10.1.2.3/in", null, false,
                    null, null, null, null, null, false));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.WEBHOOK_TARGET_NOT_ALLOWED);
        }
    }

    /** Also found in issue 11: what a URL's port and a header's value may hold. */
    @Nested
    class Ports_and_header_values {

        @ParameterizedTest
        @ValueSource(strings = {"https://hooks.example.com:0/in", "https://hooks.example.com:65536/in",
                "https://hooks.example.com:99999/in"})
        void a_port_outside_1_to_65535_is_refused(String url) {
            var result = bed.webhooks.create(bed.business, create(url));

            assertThat(result.getLeft().code()).as(url).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"caf\u00e9", "\u00a0x", "\u65e5\u672c", "\ud83d\ude00", "tab\tbed", "del\u007f"})
        void a_header_value_outside_printable_ascii_is_refused(String value) {
            var result = bed.webhooks.create(bed.business, new CreateWebhook("https://hooks.example.com/in", null, null, null,
                    Map.of("X-Team", value), null, null));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft().message()).contains("printable ASCII");
        }

        @Test
        void every_printable_ascii_character_is_kept() {
            var value = new StringBuilder();
            for (char c = 0x20; c <= 0x7e; c++) {
                value.append(c);
            }
            var created = bed.webhooks.create(bed.business, new CreateWebhook("https://hooks.example.com/in", null, null, null,
                    Map.of("X-All", value.toString()), null, null));

            assertThat(created.isRight()).isTrue();
        }
    }

    /** Issue 11.3: a business's endpoints are capped, so its fan-out cannot crowd out the others. */
    @Nested
    class The_endpoint_limit {

        @Test
        void a_business_at_its_limit_is_refused_one_more_with_a_code_of_its_own_and_nothing_is_stored() {
            try (var small = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults().withMaxEndpointsPerBusiness(3),
                    clock)) {
                for (int i = 0; i < 3; i++) {
                    small.endpoint("https://hooks" + i + ".example.com/in");
                }

                var refused = small.webhooks.create(small.business, create("https://one-more.example.com/in"));

                assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.WEBHOOK_LIMIT_REACHED);
                assertThat(refused.getLeft().message()).contains("3");
                assertThat(small.webhooks.list(small.business, null).get().data()).hasSize(3);
                assertThat(small.webhooks.create(small.anotherBusiness(), create("https://other.example.com/in")).isRight())
                        .as("the limit is per business").isTrue();
            }
        }

        @Test
        void a_deleted_endpoint_frees_its_place() {
            try (var small = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults().withMaxEndpointsPerBusiness(1),
                    clock)) {
                var only = small.endpoint("https://hooks.example.com/in");
                small.webhooks.delete(small.business, only.id());

                assertThat(small.webhooks.create(small.business, create("https://next.example.com/in")).isRight()).isTrue();
            }
        }

        @Test
        void the_default_is_twenty() {
            assertThat(DispatchPolicy.defaults().maxEndpointsPerBusiness()).isEqualTo(20);
        }
    }

    @Nested
    class Creating_an_endpoint {

        @Test
        void keeps_every_part_and_answers_the_object_with_a_whk_id() {
            var created = bed.webhooks.create(bed.business, new CreateWebhook("https://hooks.example.com/in", "desk", true,
                    List.of("entitlement_grant.created"), Map.of("X-Team", "ops"), Map.of("env", "prod"), 10)).get();

            assertThat(created.id()).startsWith("whk_").hasSize(25);
            assertThat(created.url()).isEqualTo("https://hooks.example.com/in");
            assertThat(created.description()).contains("desk");
            assertThat(created.disabled()).isTrue();
            assertThat(created.filterTypes()).containsExactly("entitlement_grant.created");
            assertThat(created.rateLimit()).contains(10);
            assertThat(created.createdAt()).isEqualTo(clock.instant()).isEqualTo(created.updatedAt());
            assertThat(bed.webhooks.get(bed.business, created.id())).contains(created);
        }

        @Test
        void hands_out_a_standard_webhooks_secret_of_24_bytes_or_more() {
            var created = bed.endpoint("https://hooks.example.com/in");

            var secret = bed.webhooks.secret(bed.business, created.id()).get();

            assertThat(secret).startsWith("whsec_");
            assertThat(java.util.Base64.getDecoder().decode(secret.substring(6)).length).isGreaterThanOrEqualTo(24);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://hooks.example.com/in", "ftp://hooks.example.com/in", "hooks.example.com/in", "https://",
                "https://user:pw@hooks.example.com/in", "https://hooks.example.com/in#frag", "http://93.184.215.14/in",
                "http://127.0.0.1.evil.com/in", "javascript:alert(1)", "https://exa mple.com/"})
        void with_a_url_that_is_not_https_or_loopback_http_is_rejected_as_validation_failed(String url) {
            var result = bed.webhooks.create(bed.business, create(url));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:8080/in", "http://127.0.0.1:9/in", "http://[::1]:9/in", "https://hooks.example.com"})
        void with_https_or_plain_http_to_a_loopback_host_is_accepted_where_the_operator_allows_private_targets(String url) {
            try (var onPremise = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults().withPrivateTargetsAllowed(true),
                    clock)) {
                assertThat(onPremise.webhooks.create(onPremise.business, create(url)).isRight()).isTrue();
            }
        }

        @Test
        void without_a_url_is_an_invalid_request() {
            assertThat(bed.webhooks.create(bed.business, create(" ")).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        /** One holder per rule: the URL rule refuses a missing URL, Jakarta the rate limit, named in the engine's terms. */
        @Test
        void names_a_missing_url_by_the_url_rule_and_a_rate_limit_below_one_by_its_property() {
            assertThat(bed.webhooks.create(bed.business, create(null)).getLeft().message()).isEqualTo("url is required");
            var rate = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", null, null, null, null, null, 0));
            assertThat(rate.getLeft().message()).isEqualTo("rateLimit must be greater than or equal to 1");
        }

        @Test
        void with_an_unknown_filter_type_is_rejected_as_validation_failed() {
            var result = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", null, null,
                    List.of("entitlement_grant.created", "payment.succeded"), null, null, null));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft().message()).contains("payment.succeded");
        }

        @Test
        void with_a_header_grantor_sets_itself_or_a_rate_limit_below_one_is_rejected() {
            var header = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", null, null, null,
                    Map.of("Webhook-Signature", "forged"), null, null));
            var broken = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", null, null, null,
                    Map.of("X-A", "line\r\nInjected: 1"), null, null));
            var rate = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", null, null, null, null, null, 0));

            assertThat(header.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(broken.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rate.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
    }

    @Nested
    class Another_business {

        @Test
        void finds_changes_deletes_and_reads_the_secret_and_deliveries_of_none_of_its_endpoints() {
            var endpoint = bed.endpoint("https://hooks.example.com/in");
            var other = bed.anotherBusiness();

            assertThat(bed.webhooks.get(other, endpoint.id()).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.secret(other, endpoint.id()).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.update(other, endpoint.id(), new UpdateWebhook(null, null, false, true, null, null, null, null,
                    false)).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.delete(other, endpoint.id()).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.deliveries(other, endpoint.id(), null).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.retry(other, endpoint.id(), "msg_x").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.list(other, null).get().data()).isEmpty();
            assertThat(bed.webhooks.get(bed.business, endpoint.id()).get().disabled()).isFalse();
        }

        @Test
        void a_malformed_id_is_not_found() {
            assertThat(bed.webhooks.get(bed.business, "whk_../../etc").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Listing {

        @Test
        void pages_through_every_endpoint_with_the_iterator_until_done() {
            var created = io.vavr.collection.List.range(0, 5).map(i -> bed.endpoint("https://h" + i + ".example.com"));

            var first = bed.webhooks.list(bed.business, new ListWebhooks(null, 2)).get();
            var second = bed.webhooks.list(bed.business, new ListWebhooks(first.iterator().get(), 2)).get();
            var third = bed.webhooks.list(bed.business, new ListWebhooks(second.iterator().get(), 2)).get();

            assertThat(first.done()).isFalse();
            assertThat(second.done()).isFalse();
            assertThat(third.done()).isTrue();
            assertThat(third.iterator()).isEmpty();
            assertThat(first.data().appendAll(second.data()).appendAll(third.data()).map(Webhook::id))
                    .containsExactlyInAnyOrderElementsOf(created.map(Webhook::id));
        }

        @Test
        void a_limit_out_of_range_or_a_foreign_iterator_is_rejected() {
            assertThat(bed.webhooks.list(bed.business, new ListWebhooks(null, 0)).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(bed.webhooks.list(bed.business, new ListWebhooks(null, 101)).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(bed.webhooks.list(bed.business, new ListWebhooks("' OR 1=1", 10)).getLeft().code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
    }

    @Nested
    class Updating {

        @Test
        void changes_only_what_is_given_and_moves_updated_at() {
            var endpoint = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com", "desk", null,
                    List.of("license_key.created"), null, Map.of("a", "b"), 5)).get();
            clock.advance(Duration.ofMinutes(1));

            var updated = bed.webhooks.update(bed.business, endpoint.id(), new UpdateWebhook("https://other.example.com", null, true,
                    true, List.of(), null, null, null, false)).get();

            assertThat(updated.url()).isEqualTo("https://other.example.com");
            assertThat(updated.description()).isEmpty();
            assertThat(updated.disabled()).isTrue();
            assertThat(updated.filterTypes()).isEmpty();
            assertThat(updated.metadata()).isEqualTo(endpoint.metadata());
            assertThat(updated.rateLimit()).contains(5);
            assertThat(updated.updatedAt()).isEqualTo(clock.instant()).isAfter(endpoint.createdAt());
        }

        @Test
        void to_a_bad_url_or_filter_type_is_rejected_and_changes_nothing() {
            var endpoint = bed.endpoint("https://h.example.com");

            var url = bed.webhooks.update(bed.business, endpoint.id(), new UpdateWebhook("http://example.com", null, false, null,
                    null, null, null, null, false));
            var types = bed.webhooks.update(bed.business, endpoint.id(), new UpdateWebhook(null, null, false, null,
                    List.of("nope"), null, null, null, false));

            assertThat(url.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(types.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(bed.webhooks.get(bed.business, endpoint.id())).contains(endpoint);
        }
    }

    @Test
    void a_deleted_endpoint_is_not_found_from_then_on() {
        var endpoint = bed.endpoint("https://h.example.com");

        assertThat(bed.webhooks.delete(bed.business, endpoint.id())).contains(endpoint);

        assertThat(bed.webhooks.get(bed.business, endpoint.id()).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(bed.webhooks.delete(bed.business, endpoint.id()).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
