package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Dodo's {@code /customers}: looked up, created and changed, each business alone. */
class CustomersOverHttpTest {

    private final ApiServer server = new ApiServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private String customerOf(ApiServer.Tenant tenant, String email) {
        return server.issue(tenant, server.manualEntitlement(tenant), email).path("customer_id").asText();
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.path("items").forEach(item -> ids.add(item.path("customer_id").asText()));
        return ids;
    }

    @Test
    void a_customer_is_retrieved_in_dodos_customer_shape() {
        String id = customerOf(server.a, "Ada@Example.com");

        var answer = ApiServer.requireStatus(server.get("/customers/" + id, server.a.readKey()), 200);

        var fields = new ArrayList<String>();
        answer.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("business_id", "created_at", "customer_id", "email", "name", "metadata", "phone_number");
        assertThat(answer.json().path("business_id").asText()).isEqualTo(server.a.business().value());
        assertThat(answer.json().path("customer_id").asText()).isEqualTo(id);
        assertThat(answer.json().path("email").asText()).isEqualTo("Ada@Example.com");
        assertThat(answer.json().path("name").isTextual()).as("Dodo's name is a string, never null").isTrue();
        assertThat(answer.json().path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(answer.json().path("metadata").isObject()).isTrue();
        assertThat(answer.json().path("phone_number").isNull()).isTrue();
    }

    @Test
    void customers_are_listed_newest_first_page_by_page() {
        String first = customerOf(server.a, "first@example.com");
        String second = customerOf(server.a, "second@example.com");
        String third = customerOf(server.a, "third@example.com");

        assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(third, second, first);
        assertThat(ids(server.get("/customers?page_size=2&page_number=0", server.a.readKey()).json())).containsExactly(third, second);
        assertThat(ids(server.get("/customers?page_size=2&page_number=1", server.a.readKey()).json())).containsExactly(first);
        assertThat(ids(server.get("/customers?page_size=2&page_number=2", server.a.readKey()).json())).isEmpty();
    }

    @Test
    void the_email_filter_finds_the_customer_in_any_case_and_nobody_for_an_unknown_or_malformed_address() {
        customerOf(server.a, "first@example.com");
        String second = customerOf(server.a, "Second@Example.com");

        assertThat(ids(server.get("/customers?email=sECOND%40example.COM", server.a.readKey()).json())).containsExactly(second);
        assertThat(ids(server.get("/customers?email=nobody%40example.com", server.a.readKey()).json())).isEmpty();
        assertThat(ids(server.get("/customers?email=not-an-address", server.a.readKey()).json())).isEmpty();
    }

    @Test
    void a_business_never_sees_another_business_customers() {
        String mine = customerOf(server.a, "shared@example.com");
        String theirs = customerOf(server.b, "shared@example.com");

        assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(mine);
        assertThat(ids(server.get("/customers?email=shared%40example.com", server.b.readKey()).json())).containsExactly(theirs);
        var other = server.get("/customers/" + theirs, server.a.readKey());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void bad_requests_get_the_contracts_errors() {
        assertThat(server.get("/customers", null).status()).isEqualTo(401);
        assertThat(server.get("/customers/cus_000000000000000000000", server.a.readKey()).code()).isEqualTo("NOT_FOUND");
        assertThat(server.get("/customers/nonsense", server.a.readKey()).code()).isEqualTo("NOT_FOUND");
        var tooLarge = server.get("/customers?page_size=101", server.a.readKey());
        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(server.get("/customers?page_number=x", server.a.readKey()).status()).isEqualTo(422);
    }

    /** Dodo's {@code customers.listEntitlements}: every grant of the customer, newest first, with its entitlement. */
    @Test
    void what_a_customer_was_granted_is_listed_with_each_entitlement_s_name() throws InterruptedException {
        String retired = server.manualEntitlement(server.a);
        String oldest = server.issue(server.a, retired, "ent@example.com", "payment_id", "pay_ent_0").path("id").asText();
        String customer = server.get("/grants/" + oldest, server.a.readKey()).json().path("customer_id").asText();
        ApiServer.requireStatus(server.send("DELETE", "/entitlements/" + retired, server.a.writeKey(), null), 200);
        String pro = server.manualEntitlement(server.a);
        Thread.sleep(5); // newest first: apart by a millisecond at least, or ties fall to the ids' random part
        String first = server.issue(server.a, pro, "ent@example.com", "payment_id", "pay_ent_1").path("id").asText();
        Thread.sleep(5);
        String second = server.issue(server.a, pro, "ent@example.com", "payment_id", "pay_ent_2").path("id").asText();
        server.fulfill(server.a, first, "ENT-LIST-KEY-0001");
        server.send("DELETE", "/entitlements/" + pro + "/grants/" + second, server.a.writeKey(), null);
        server.issue(server.a, server.manualEntitlement(server.a), "someone-else@example.com");

        var answer = ApiServer.requireStatus(server.get("/customers/" + customer + "/entitlements", server.a.readKey()), 200).json();

        var items = answer.path("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(2).path("grant_id").asText()).as("a deleted entitlement's grant stays listed").isEqualTo(oldest);
        assertThat(items.get(2).path("status").asText()).isEqualTo("pending");
        var revoked = items.get(0);
        var delivered = items.get(1);
        assertThat(revoked.path("grant_id").asText()).isEqualTo(second);
        assertThat(delivered.path("grant_id").asText()).isEqualTo(first);
        var fields = new ArrayList<String>();
        delivered.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("grant_id", "entitlement_id", "entitlement_name", "entitlement_description",
                "integration_type", "status", "created_at", "updated_at", "delivered_at", "revoked_at");
        assertThat(delivered.path("status").asText()).isEqualTo("delivered");
        assertThat(delivered.path("entitlement_id").asText()).isEqualTo(pro);
        assertThat(delivered.path("entitlement_name").asText())
                .isEqualTo(server.get("/entitlements/" + pro, server.a.readKey()).json().path("name").asText());
        assertThat(delivered.path("integration_type").asText()).isEqualTo("license_key");
        assertThat(delivered.path("delivered_at").asText()).matches("\\d{4}-.*Z");
        assertThat(delivered.path("revoked_at").isNull()).isTrue();
        assertThat(revoked.path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revoked_at").asText()).matches("\\d{4}-.*Z");
        assertThat(revoked.path("delivered_at").isNull()).isTrue();
    }

    @Test
    void another_business_s_customer_or_an_unknown_one_is_not_found() {
        String customer = customerOf(server.a, "mine@example.com");

        assertThat(server.get("/customers/" + customer + "/entitlements", server.b.readKey()).status()).isEqualTo(404);
        assertThat(server.get("/customers/cus_000000000000000000000/entitlements", server.a.readKey()).status()).isEqualTo(404);
        assertThat(server.get("/customers/not-an-id/entitlements", server.a.readKey()).status()).isEqualTo(404);
    }

    private static List<String> problems(ApiServer.Response response) {
        var problems = new ArrayList<String>();
        response.json().path("details").forEach(d -> problems.add(d.path("field").asText() + ": " + d.path("message").asText()));
        return problems;
    }

    /** {@code customers.create} and {@code customers.update}: a merchant keeps customers ahead of any purchase. */
    @Nested
    class KeptByTheMerchant {

        private ApiServer.Response create(ApiServer.Tenant tenant, Object body, String... headers) {
            return server.send("POST", "/customers", tenant.writeKey(), body, headers);
        }

        private ApiServer.Response update(ApiServer.Tenant tenant, String id, Object body) {
            return server.send("PATCH", "/customers/" + id, tenant.writeKey(), body);
        }

        @Test
        void a_created_customer_is_answered_retrieved_and_listed_with_its_phone_number_and_metadata() {
            var created = requireStatus(create(server.a, json("email", "Grace@Example.com", "name", "Grace Hopper",
                    "phone_number", "+1 (555) 010-0199", "metadata", json("crm_id", "c-17", "seats", 3, "vip", true))), 201).json();

            String id = created.path("customer_id").asText();
            assertThat(id).startsWith("cus_");
            var fields = new ArrayList<String>();
            created.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("business_id", "created_at", "customer_id", "email", "name", "metadata", "phone_number");
            assertThat(created.path("business_id").asText()).isEqualTo(server.a.business().value());
            assertThat(created.path("email").asText()).isEqualTo("Grace@Example.com");
            assertThat(created.path("name").asText()).isEqualTo("Grace Hopper");
            assertThat(created.path("phone_number").asText()).isEqualTo("+1 (555) 010-0199");
            assertThat(created.path("metadata").toString()).isEqualTo("{\"crm_id\":\"c-17\",\"seats\":3,\"vip\":true}");
            assertThat(server.get("/customers/" + id, server.a.readKey()).json()).isEqualTo(created);
            assertThat(server.get("/customers?email=grace%40example.com", server.a.readKey()).json().path("items").get(0))
                    .isEqualTo(created);
        }

        @Test
        void creating_a_customer_with_an_email_the_business_has_answers_that_customer_unchanged() {
            var first = requireStatus(create(server.a, json("email", "ada@example.com", "name", "Ada",
                    "metadata", json("source", "import"))), 201).json();

            var again = requireStatus(create(server.a, json("email", " ADA@example.COM ", "name", "Someone Else",
                    "phone_number", "555 0100")), 200).json();

            assertThat(again).as("the first customer, as it was").isEqualTo(first);
            assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(first.path("customer_id").asText());
            String other = requireStatus(create(server.b, json("email", "ada@example.com", "name", "Ada B")), 201).json()
                    .path("customer_id").asText();
            assertThat(other).as("another business has its own customer of that email")
                    .isNotEqualTo(first.path("customer_id").asText());
        }

        @Test
        void a_customer_created_ahead_of_any_purchase_can_be_given_an_imported_key_and_is_the_one_issuing_finds() {
            String customer = requireStatus(create(server.a, json("email", "early@example.com", "name", "Early Bird")), 201)
                    .json().path("customer_id").asText();
            String entitlement = server.manualEntitlement(server.a);

            var key = requireStatus(server.post("/license_keys", server.a.writeKey(), json("customer_id", customer,
                    "key", "EARLY-BIRD-KEY-0001", "product_id", entitlement)), 200).json();

            assertThat(key.path("customer_id").asText()).isEqualTo(customer);
            assertThat(server.issue(server.a, entitlement, "Early@Example.com").path("customer_id").asText()).isEqualTo(customer);
        }

        @Test
        void an_update_changes_the_fields_given_keeps_the_absent_ones_and_null_removes_the_phone_number() {
            String id = requireStatus(create(server.a, json("email", "lin@example.com", "name", "Lin",
                    "phone_number", "+44 20 7946 0000", "metadata", json("tier", "gold"))), 201).json().path("customer_id").asText();

            var renamed = requireStatus(update(server.a, id, json("name", "Lin Wei", "metadata", json("tier", "silver", "n", 2))), 200).json();
            assertThat(renamed.path("name").asText()).isEqualTo("Lin Wei");
            assertThat(renamed.path("email").asText()).isEqualTo("lin@example.com");
            assertThat(renamed.path("phone_number").asText()).as("absent: kept").isEqualTo("+44 20 7946 0000");
            assertThat(renamed.path("metadata").toString()).as("replaced as a whole").isEqualTo("{\"tier\":\"silver\",\"n\":2}");

            var nulls = new LinkedHashMap<String, Object>();
            nulls.put("phone_number", null);
            nulls.put("name", null);
            nulls.put("email", null);
            nulls.put("metadata", null);
            var cleared = requireStatus(update(server.a, id, nulls), 200).json();
            assertThat(cleared.path("phone_number").isNull()).isTrue();
            assertThat(cleared.path("name").asText()).as("null leaves the name, as the SDK sends an unset field").isEqualTo("Lin Wei");
            assertThat(cleared.path("metadata").toString()).isEqualTo("{\"tier\":\"silver\",\"n\":2}");

            var moved = requireStatus(update(server.a, id, json("email", "Lin.Wei@Example.org")), 200).json();
            assertThat(moved.path("email").asText()).isEqualTo("Lin.Wei@Example.org");
            assertThat(server.get("/customers/" + id, server.a.readKey()).json()).isEqualTo(moved);
            assertThat(ids(server.get("/customers?email=lin.wei%40example.org", server.a.readKey()).json())).containsExactly(id);
        }

        @Test
        void an_update_to_an_email_another_customer_has_is_refused_at_the_field_and_changes_nothing() {
            String taken = requireStatus(create(server.a, json("email", "taken@example.com", "name", "T")), 201).json()
                    .path("customer_id").asText();
            var mover = requireStatus(create(server.a, json("email", "mover@example.com", "name", "M")), 201).json();
            String id = mover.path("customer_id").asText();

            var refused = update(server.a, id, json("email", "TAKEN@example.com", "name", "Changed"));

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(problems(refused)).containsExactly("email: belongs to another customer of this business (" + taken + ")");
            assertThat(server.get("/customers/" + id, server.a.readKey()).json()).as("nothing half-written").isEqualTo(mover);
            assertThat(requireStatus(update(server.a, id, json("email", "MOVER@example.com")), 200).json().path("email").asText())
                    .as("its own address in another case is no conflict").isEqualTo("MOVER@example.com");
        }

        @Test
        void only_a_read_write_key_of_the_customer_s_business_creates_or_changes_customers() {
            String theirs = requireStatus(create(server.b, json("email", "b@example.com", "name", "B")), 201).json()
                    .path("customer_id").asText();

            var readOnly = server.send("POST", "/customers", server.a.readKey(), json("email", "r@example.com", "name", "R"));
            assertThat(readOnly.status()).isEqualTo(403);
            assertThat(server.send("PATCH", "/customers/" + theirs, server.b.readKey(), json("name", "X")).status()).isEqualTo(403);
            assertThat(server.send("POST", "/customers", null, json("email", "r@example.com", "name", "R")).status()).isEqualTo(401);
            var other = update(server.a, theirs, json("name", "Stolen"));
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.code()).isEqualTo("NOT_FOUND");
            assertThat(update(server.a, "cus_000000000000000000000", json("name", "X")).code()).isEqualTo("NOT_FOUND");
            assertThat(update(server.a, "nonsense", json("name", "X")).code()).isEqualTo("NOT_FOUND");
            assertThat(server.get("/customers/" + theirs, server.b.readKey()).json().path("name").asText()).isEqualTo("B");
            assertThat(ids(server.get("/customers", server.a.readKey()).json())).isEmpty();
        }

        @Test
        void an_idempotency_key_makes_a_retried_create_answer_the_first_answer() {
            var body = json("email", "retry@example.com", "name", "Retry");

            var first = requireStatus(create(server.a, body, "Idempotency-Key", "cus-create-1"), 201);
            var replay = requireStatus(create(server.a, body, "Idempotency-Key", "cus-create-1"), 201);
            var reused = create(server.a, json("email", "else@example.com", "name", "Else"), "Idempotency-Key", "cus-create-1");

            assertThat(replay.json()).isEqualTo(first.json());
            assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(first.json().path("customer_id").asText());
        }

        /** No-break spaces are blank to the engine's trim: no name, as an empty one, never a server error. */
        @Test
        void a_name_of_no_break_spaces_is_no_name_on_create_update_issue_and_an_entitlement_s_is_required() {
            var created = requireStatus(create(server.a, json("email", "nb@example.com", "name", "\u00A0")), 201).json();
            assertThat(created.path("name").textValue()).as("no name: an empty string, as Dodo answers").isEmpty();
            String id = requireStatus(create(server.a, json("email", "nb2@example.com", "name", "Nia")), 201).json()
                    .path("customer_id").asText();
            assertThat(requireStatus(update(server.a, id, json("name", "\u2007\u202F")), 200).json().path("name").textValue()).isEmpty();
            var issued = requireStatus(server.post("/entitlements/" + server.manualEntitlement(server.a) + "/grants",
                    server.a.writeKey(), json("customer", json("email", "nb3@example.com", "name", "\u00A0"))), 201).json();
            assertThat(server.get("/customers/" + issued.path("customer_id").asText(), server.a.readKey()).json().path("name").textValue())
                    .isEmpty();

            var entitlement = server.post("/entitlements", server.a.writeKey(), json("name", "\u00A0", "integration_type", "license_key",
                    "integration_config", json("fulfillment_mode", "manual")));
            assertThat(entitlement.status()).isEqualTo(400);
            assertThat(problems(entitlement)).containsExactly("name: is required");
        }

        @Test
        void a_metadata_value_with_a_control_character_or_a_bidi_override_is_refused_at_its_key_and_a_note_over_lines_is_kept() {
            String rule = "metadata.note: must be text without control characters (line breaks and tabs are text) and"
                    + " without bidi embeddings, overrides or isolates";
            String id = requireStatus(create(server.a, json("email", "meta@example.com", "name", "Meta",
                    "metadata", json("note", "kept"))), 201).json().path("customer_id").asText();
            String entitlement = server.manualEntitlement(server.a);

            for (String bad : List.of("a\u0000b", "bell\u0007", "esc\u001B[31m", "del\u007F", "c1\u0085", "csi\u009B",
                    "gpj.\u202Eexe", "\u2066isolated", "\u202Aembedded\u202C")) {
                var refused = List.of(
                        create(server.a, json("email", "meta2@example.com", "name", "Meta", "metadata", json("note", bad))),
                        update(server.a, id, json("name", "Changed", "metadata", json("note", bad))),
                        server.post("/entitlements/" + entitlement + "/grants", server.a.writeKey(),
                                json("customer", json("email", "meta3@example.com"), "metadata", json("note", bad))));
                for (var answer : refused) {
                    assertThat(answer.status()).as(bad).isEqualTo(422);
                    assertThat(answer.code()).as(bad).isEqualTo("VALIDATION_FAILED");
                    assertThat(problems(answer)).as(bad).containsExactly(rule);
                }
            }
            var kept = requireStatus(server.get("/customers/" + id, server.a.readKey()), 200).json();
            assertThat(kept.path("name").asText()).as("nothing half-written").isEqualTo("Meta");
            assertThat(kept.path("metadata").path("note").asText()).isEqualTo("kept");
            assertThat(server.get("/customers?email=meta2%40example.com", server.a.readKey()).json().path("items").size()).isZero();

            var stored = server.store.customers().find(server.a.business(), new dev.grantor.domain.shared.CustomerId(id)).get();
            String legacy = "a\u0000b\u001B[2J\u202Egpj.exe";
            server.store.customers().update(new dev.grantor.domain.customer.Customer(stored.id(), stored.businessId(),
                    stored.email(), stored.name(), stored.phoneNumber(), new dev.grantor.domain.shared.Metadata(
                    io.vavr.collection.LinkedHashMap.of("note", new dev.grantor.domain.shared.Metadata.Text(legacy))),
                    stored.createdAt(), stored.updatedAt()));
            var read = requireStatus(server.get("/customers/" + id, server.a.readKey()), 200);
            assertThat(read.raw()).as("a value stored before the rule is answered as stored, escaped as JSON")
                    .contains("\"note\":\"a\\u0000b\\u001B[2J").doesNotContain("\u0000").doesNotContain("\u001B");
            assertThat(read.json().path("metadata").path("note").asText()).isEqualTo(legacy);
            assertThat(requireStatus(update(server.a, id, json("name", "Meta Two")), 200).json().path("metadata").path("note")
                    .asText()).as("a change of another field keeps it").isEqualTo(legacy);

            String note = "line one\r\n\tline two \u200F(\u05E9\u05DC\u05D5\u05DD)\u200E, 👩\u200D💻";
            var changed = requireStatus(update(server.a, id, json("metadata", json("note", note))), 200).json();
            assertThat(changed.path("metadata").path("note").asText()).isEqualTo(note);
            assertThat(server.get("/customers/" + id, server.a.readKey()).json().path("metadata").path("note").asText())
                    .isEqualTo(note);
        }

        @Test
        void bad_input_is_refused_at_the_field_and_writes_nothing() {
            var tooManyKeys = new LinkedHashMap<String, Object>();
            for (int i = 0; i <= 50; i++) {
                tooManyKeys.put("k" + i, i);
            }
            Map<Object, String> refusals = new LinkedHashMap<>();
            refusals.put(json("email", "not-an-address", "name", "N"), "email: must be an email address");
            refusals.put(json("email", "a".repeat(243) + "@example.com", "name", "N"), "email: must be at most 254 characters");
            refusals.put(json("email", "n@example.com", "name", "n".repeat(201)), "name: must be 1 to 200 characters without control or invisible characters");
            refusals.put(json("email", "n@example.com", "name", "N\u0007"), "name: must be 1 to 200 characters without control or invisible characters");
            refusals.put(json("email", "n@example.com", "name", "N", "phone_number", "1".repeat(33)),
                    "phone_number: must be at most 32 characters");
            refusals.put(json("email", "n@example.com", "name", "N", "phone_number", "call me"),
                    "phone_number: must be a phone number: 3 or more digits, with spaces and . - ( ) between them and a + only in front");
            refusals.put(json("email", "n@example.com", "name", "N", "phone_number", "1+2345"),
                    "phone_number: must be a phone number: 3 or more digits, with spaces and . - ( ) between them and a + only in front");
            refusals.put(json("email", "n@example.com", "name", "N", "metadata", tooManyKeys), "metadata: must have at most 50 keys");
            refusals.put(json("email", "n@example.com", "name", "N", "metadata", json("note", "x".repeat(501))),
                    "metadata.note: must be at most 500 characters");

            refusals.forEach((body, problem) -> {
                var refused = create(server.a, body);
                assertThat(refused.status()).as(problem).isEqualTo(422);
                assertThat(refused.code()).as(problem).isEqualTo("VALIDATION_FAILED");
                assertThat(problems(refused)).as(problem).containsExactly(problem);
            });
            var missing = create(server.a, json("name", "No Email"));
            assertThat(missing.code()).isEqualTo("INVALID_REQUEST");
            assertThat(problems(missing)).containsExactly("email: is required");
            assertThat(ids(server.get("/customers", server.a.readKey()).json())).as("nothing written").isEmpty();

            String id = requireStatus(create(server.a, json("email", "ok@example.com", "name", "Ok")), 201).json().path("customer_id").asText();
            var badPatch = update(server.a, id, json("name", "Fine", "phone_number", "+1-800-FLOWERS"));
            assertThat(badPatch.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(problems(badPatch)).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly("phone_number");
            assertThat(update(server.a, id, json("email", "nope")).code()).isEqualTo("VALIDATION_FAILED");
            assertThat(server.get("/customers/" + id, server.a.readKey()).json().path("name").asText()).as("nothing half-written").isEqualTo("Ok");
        }
    }
}
