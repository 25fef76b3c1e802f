package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpMailer;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import io.vavr.control.Option;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The console's customers on the wire, over a real socket, with the emails going to a real SMTP server (GreenMail): an
 * operator finds a customer by email (any letter case) or id, reads its details and grants, changes its name, email and
 * phone number through the API's use case (its rules and texts), and after moving the email resends a key to the new
 * address. A viewer reads and changes nothing; another business's customer is as unknown as a missing one.
 */
class ConsoleCustomersOverHttpTest {

    static GreenMail smtp;
    static WebServer server;
    static ConsoleData data;
    static String operator;
    static String viewer;
    static String auto;
    static String manual;
    /** A customer of business B, whose id an operator of A must not be able to tell from a made-up one. */
    static String strangersCustomer;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        int port = smtp.getSmtp().getPort();
        server = new WebServer(clock -> new SmtpMailer(SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.NONE)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                Sender.EMBEDDED_DEFAULT, clock, MailMetrics.NONE));
        data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        viewer = server.grantor.operatorAccess().add(server.a, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
        auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        manual = data.manualEntitlement(server.a, "Acme Team");
        String other = data.manualEntitlement(server.b, "Bolt Pro");
        strangersCustomer = customerOf(data.grant(server.b, other, "bea@bolt.example", "Bea", "pay_b1"), server.b);
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    static WebClient signedInAs(String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, subject)).statusCode()).isEqualTo(303);
        return client;
    }

    static String customerOf(String grantId, dev.grantor.domain.shared.BusinessId business) {
        return server.grantor.grants().get(business, grantId).get().grant().customerId().value();
    }

    static Customer customer(String id) {
        return server.grantor.customers().get(server.a, id).get();
    }

    /** The change form as the customer page shows it, with {@code changes} typed over its fields. */
    static Map<String, String> form(WebClient client, String customerId, Map<String, String> changes) {
        String page = client.get("/console/customers/" + customerId).body();
        var fields = new LinkedHashMap<String, String>();
        fields.put("_csrf", WebClient.csrf(page));
        for (String name : new String[] {"name", "email", "phone_number"}) {
            String shown = value(page, "shown_" + name);
            fields.put("shown_" + name, shown);
            fields.put(name, changes.getOrDefault(name, shown));
        }
        return fields;
    }

    /** The value of the input named {@code name}, as the browser would send it (entities decoded). */
    static String value(String page, String name) {
        var m = java.util.regex.Pattern.compile("name=\"" + name + "\"[^>]*?value=\"([^\"]*)\"").matcher(page);
        assertThat(m.find()).as("a field named " + name).isTrue();
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** What the operator's own changes of the customer say (a change made meanwhile through the facade is the host's). */
    static io.vavr.collection.List<String> byOperator(String customer) {
        return server.grantor.operatorAccess().actionsOn(server.a, customer).filter(a -> a.actor().equals(operator))
                .map(a -> a.detail());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static java.util.List<String> recipients(MimeMessage[] messages) {
        return Arrays.stream(messages).flatMap(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Nested
    class Finding {

        @Test
        void by_email_in_any_letter_case_or_by_id_and_nothing_by_a_part_of_an_email() {
            String customer = customerOf(data.grant(server.a, manual, "Finn.Find@Example.com", "Finn", "pay_f1"), server.a);
            var ops = signedInAs(operator);

            assertThat(ops.get("/console/customers?q=" + q("finn.find@EXAMPLE.COM")).body())
                    .contains("/console/customers/" + customer).contains("Finn.Find@Example.com");
            assertThat(ops.get("/console/customers?q=" + customer).body()).contains("/console/customers/" + customer);
            assertThat(ops.get("/console/customers?q=" + q("finn.find@example")).body())
                    .doesNotContain(customer).contains("No customer has the email finn.find@example.");
            assertThat(ops.get("/console/customers?q=" + q("cus_NoSuchCustomer0001")).body())
                    .contains("No customer has the id cus_NoSuchCustomer0001.");
        }

        @Test
        void never_another_businesss_customer_by_its_email_or_its_id() {
            var ops = signedInAs(operator);

            assertThat(ops.get("/console/customers?q=" + q("bea@bolt.example")).body()).doesNotContain(strangersCustomer)
                    .contains("No customer has the email");
            assertThat(ops.get("/console/customers?q=" + strangersCustomer).body()).doesNotContain("/console/customers/" + strangersCustomer)
                    .contains("No customer has the id");
        }

        @Test
        void is_a_section_of_the_navigation_after_grants() {
            String page = signedInAs(viewer).get("/console/customers").body();

            assertThat(page).containsSubsequence(">Grants</a>", "<a href=\"/console/customers\" aria-current=\"page\">Customers</a>",
                    ">Pools</a>");
        }
    }

    @Nested
    class Viewing {

        @Test
        void shows_the_details_and_each_grant_with_its_status_and_a_link_and_the_grant_links_back() {
            String delivered = data.grant(server.a, auto, "vera@example.com", "Vera View", "pay_v1");
            String customer = customerOf(delivered, server.a);
            String pending = data.grant(server.a, manual, "vera@example.com", null, "pay_v2");
            server.grantor.customers().update(server.a, customer, new UpdateCustomer(null, null, "+44 20 7946 0958", false, null)).get();
            var ops = signedInAs(operator);

            String page = ops.get("/console/customers/" + customer).body();

            assertThat(page).contains("Vera View", "vera@example.com", "+44 20 7946 0958",
                    ConsolePages.when(customer(customer).createdAt()));
            assertThat(page).containsSubsequence("<a href=\"/console/grants/" + pending + "\">", "Pending", "Acme Team")
                    .containsSubsequence("<a href=\"/console/grants/" + delivered + "\">", "Delivered", "Acme Pro");
            assertThat(ops.get("/console/grants/" + delivered).body()).contains("<a href=\"/console/customers/" + customer + "\">");
        }

        @Test
        void shows_a_name_with_markup_as_text() {
            String customer = customerOf(data.grant(server.a, manual, "mallory@example.com", "<script>alert(1)</script>", "pay_m1"),
                    server.a);
            var ops = signedInAs(operator);

            for (String path : new String[] {"/console/customers/" + customer, "/console/customers?q=mallory%40example.com"}) {
                String page = ops.get(path).body();
                assertThat(page).as(path).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            }
        }

        @Test
        void an_id_of_another_kind_where_a_customer_s_is_expected_is_no_customer() {
            String grant = data.grant(server.a, auto, "kind@example.com", "Kind", "pay_kind1");
            var ops = signedInAs(operator);
            String unknown = ops.get("/console/customers/cus_NoSuchCustomer0001").body();

            for (String id : new String[] {grant, operator, viewer, server.a.value()}) {
                var page = ops.get("/console/customers/" + id);
                assertThat(page.statusCode()).as(id).isEqualTo(404);
                assertThat(page.body()).as(id).isEqualTo(unknown);
                assertThat(ops.get("/console/customers?q=" + id).body()).as(id).contains("No customer has the id " + id + ".");
            }
        }

        /** Reading a key out is a delivery: no customer page or search answer carries one, to a viewer or an operator. */
        @Test
        void no_customer_page_shows_a_key() {
            String grant = data.grant(server.a, auto, "kay@example.com", "Kay", "pay_kay1");
            String customer = customerOf(grant, server.a);
            String key = server.grantor.grants().get(server.a, grant).get().licenseKey().get().value().value();

            for (String who : new String[] {viewer, operator}) {
                var client = signedInAs(who);
                assertThat(client.get("/console/customers/" + customer).body()).as(who).contains(grant).doesNotContain(key);
                assertThat(client.get("/console/customers?q=" + q("kay@example.com")).body()).as(who).doesNotContain(key);
            }
        }

        /** The answer is the same page byte for byte, so nothing in it tells that the id is another business's customer. */
        @Test
        void answers_another_businesss_customer_exactly_as_an_unknown_one_to_a_read_and_to_a_change() {
            var ops = signedInAs(operator);
            var strangers = ops.get("/console/customers/" + strangersCustomer);
            var unknown = ops.get("/console/customers/cus_NoSuchCustomer0001");
            String csrf = WebClient.csrf(ops.get("/console/customers").body());
            var fields = Map.of("_csrf", csrf, "name", "Taken Over", "email", "mine@acme.example", "phone_number", "");
            var strangersChange = ops.post("/console/customers/" + strangersCustomer, fields);
            var unknownChange = ops.post("/console/customers/cus_NoSuchCustomer0001", fields);

            assertThat(strangers.statusCode()).isEqualTo(404);
            assertThat(strangers.body()).contains("There is no such customer.").isEqualTo(unknown.body());
            assertThat(strangersChange.statusCode()).isEqualTo(404);
            assertThat(strangersChange.body()).isEqualTo(unknownChange.body()).isEqualTo(strangers.body());
            assertThat(server.grantor.customers().get(server.b, strangersCustomer).get().email().value()).isEqualTo("bea@bolt.example");
        }
    }

    @Nested
    class Changing {

        @Test
        void the_name_and_phone_number_is_recorded_with_what_changed_and_who_did_it() {
            String customer = customerOf(data.grant(server.a, manual, "nell@example.com", "Nell Old", "pay_n1"), server.a);
            var ops = signedInAs(operator);

            var saved = ops.post("/console/customers/" + customer, form(ops, customer,
                    Map.of("name", "Nell New", "phone_number", "+1 415 555 0100")));

            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=changed");
            var now = customer(customer);
            assertThat(now.name().map(CustomerName::value)).contains("Nell New");
            assertThat(now.phoneNumber().map(PhoneNumber::value)).contains("+1 415 555 0100");
            assertThat(now.email().value()).isEqualTo("nell@example.com");
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer).map(a -> a.actor() + " " + a.action() + ": " + a.detail()))
                    .containsExactly(operator + " changed the customer: name, phone number");
            String page = ops.get("/console/customers/" + customer + "?done=changed").body();
            assertThat(page).contains("details were changed.").contains("ops@acme.example · name, phone number")
                    .doesNotContain("Resend the delivery email");
        }

        @Test
        void a_field_left_as_it_was_is_not_written_back_over_a_change_made_meanwhile() {
            String customer = customerOf(data.grant(server.a, manual, "lou@example.com", "Lou", "pay_l1"), server.a);
            var ops = signedInAs(operator);
            var opened = form(ops, customer, Map.of("name", "Lou Lane"));

            server.grantor.customers().update(server.a, customer, new UpdateCustomer(null, null, "+49 30 1234567", false, null)).get();
            assertThat(ops.post("/console/customers/" + customer, opened).statusCode()).isEqualTo(303);

            assertThat(customer(customer).phoneNumber().map(PhoneNumber::value)).as("the API's change meanwhile").contains("+49 30 1234567");
            assertThat(customer(customer).name().map(CustomerName::value)).contains("Lou Lane");
        }

        @Test
        void nothing_typed_differently_changes_and_records_nothing() {
            String customer = customerOf(data.grant(server.a, manual, "same@example.com", "Sam Same", "pay_s1"), server.a);
            var ops = signedInAs(operator);
            var before = customer(customer);

            var saved = ops.post("/console/customers/" + customer, form(ops, customer, Map.of()));

            assertThat(saved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=unchanged");
            assertThat(customer(customer)).isEqualTo(before);
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer)).isEmpty();
        }

        /**
         * A support person pastes an address or a name copied from an email, a no-break space after it: the engine
         * trims it, so the customer is as they were, and the history must not say the email moved or the name changed.
         */
        @Test
        void a_value_typed_differently_that_the_engine_stores_as_it_is_records_nothing() {
            String customer = customerOf(data.grant(server.a, manual, "nora@example.com", "Nora", "pay_nb1"), server.a);
            var ops = signedInAs(operator);
            var before = customer(customer);

            var saved = ops.post("/console/customers/" + customer, form(ops, customer,
                    Map.of("name", "Nora\u00A0", "email", "\u00A0nora@example.com\u202F")));

            assertThat(saved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=unchanged");
            assertThat(customer(customer)).isEqualTo(before);
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer)).isEmpty();
        }

        @Test
        void a_change_the_api_made_meanwhile_typed_again_records_nothing() {
            String customer = customerOf(data.grant(server.a, manual, "otto@example.com", "Otto", "pay_nb2"), server.a);
            var ops = signedInAs(operator);
            var opened = form(ops, customer, Map.of("name", "Otto Ohm", "email", "otto@ohm.example"));
            server.grantor.customers().update(server.a, customer, new UpdateCustomer("otto@ohm.example", "Otto Ohm", null, false, null))
                    .get();

            var saved = ops.post("/console/customers/" + customer, opened);

            assertThat(saved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=unchanged");
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer).map(a -> a.actor() + ": " + a.detail()))
                    .as("the API's change alone").containsExactly("host: email otto@example.com → otto@ohm.example, name");
        }

        /**
         * The page showed one address; a purchase moved it through the API while the page was open; the operator, who
         * never saw the new address, typed a third. Writing it would lose the purchase's address unseen: the use case
         * refuses it at its field, the page comes back with the details as they are now and the typed address kept,
         * and a second save writes it.
         */
        @Test
        void a_field_changed_meanwhile_by_someone_else_is_not_overwritten_unseen() {
            String customer = customerOf(data.grant(server.a, manual, "lena@a.example", "Lena", "pay_cf1"), server.a);
            var ops = signedInAs(operator);
            var opened = form(ops, customer, Map.of("email", "lena@c.example"));
            server.grantor.customers().update(server.a, customer, new UpdateCustomer("lena@b.example", "Lena Bee", null, false, null))
                    .get();

            var refused = ops.post("/console/customers/" + customer, opened);

            assertThat(refused.statusCode()).isEqualTo(422);
            String page = refused.body();
            assertThat(page).contains("<title>Error: ").contains("email changed since it was read: it is now lena@b.example");
            assertThat(value(page, "email")).as("what the operator typed").isEqualTo("lena@c.example");
            assertThat(value(page, "shown_email")).isEqualTo("lena@b.example");
            assertThat(value(page, "name")).as("the name as it is now, not as the page first showed it").isEqualTo("Lena Bee");
            assertThat(customer(customer).email().value()).isEqualTo("lena@b.example");
            assertThat(byOperator(customer)).isEmpty();

            var again = new LinkedHashMap<String, String>();
            again.put("_csrf", WebClient.csrf(page));
            for (String field : new String[] {"name", "email", "phone_number"}) {
                again.put(field, value(page, field));
                again.put("shown_" + field, value(page, "shown_" + field));
            }
            assertThat(ops.post("/console/customers/" + customer, again).statusCode()).isEqualTo(303);

            assertThat(customer(customer).email().value()).isEqualTo("lena@c.example");
            assertThat(customer(customer).name().map(CustomerName::value)).contains("Lena Bee");
            assertThat(byOperator(customer)).containsExactly("email lena@b.example → lena@c.example");
        }

        @Test
        void the_history_names_the_new_address_as_stored_not_as_typed() {
            String customer = customerOf(data.grant(server.a, manual, "ida@old.example", "Ida", "pay_nb3"), server.a);
            var ops = signedInAs(operator);

            assertThat(ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", "\u00A0ida@new.example\u00A0")))
                    .statusCode()).isEqualTo(303);

            assertThat(customer(customer).email().value()).isEqualTo("ida@new.example");
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer).map(a -> a.detail()))
                    .containsExactly("email ida@old.example → ida@new.example");
        }

        /** A no-break space is blank to the engine's trim: the name goes, as an empty field says, not a server error. */
        @Test
        void a_name_of_no_break_spaces_removes_it() {
            String customer = customerOf(data.grant(server.a, manual, "nils@example.com", "Nils", "pay_nb4"), server.a);
            var ops = signedInAs(operator);

            var saved = ops.post("/console/customers/" + customer, form(ops, customer, Map.of("name", "\u00A0\u2007")));

            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(customer(customer).name()).isEmpty();
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer).map(a -> a.detail()))
                    .containsExactly("name removed");
        }

        @Test
        void empty_name_and_phone_number_remove_them() {
            String customer = customerOf(data.grant(server.a, manual, "rita@example.com", "Rita", "pay_r1"), server.a);
            server.grantor.customers().update(server.a, customer, new UpdateCustomer(null, null, "+33 1 23 45 67 89", false, null)).get();
            var ops = signedInAs(operator);

            assertThat(ops.post("/console/customers/" + customer, form(ops, customer, Map.of("name", "", "phone_number", "")))
                    .statusCode()).isEqualTo(303);

            assertThat(customer(customer).name()).isEmpty();
            assertThat(customer(customer).phoneNumber()).isEmpty();
            assertThat(byOperator(customer)).containsExactly("name removed, phone number removed");
        }
    }

    @Nested
    class Moving_the_email {

        /**
         * The case support has: the key went to a mistyped address. After the move, the page points at the grants whose
         * key can be sent again, and "Resend the delivery email" on the grant's page reaches the new mailbox over SMTP.
         */
        @Test
        void then_resending_the_delivery_email_from_the_grant_s_page_reaches_the_new_address() throws Exception {
            String grant = data.grant(server.a, auto, "typo@exmaple.com", "Tess Typo", "pay_t1");
            String customer = customerOf(grant, server.a);
            String key = server.grantor.grants().get(server.a, grant).get().licenseKey().get().value().value();
            server.relay();
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
            int before = smtp.getReceivedMessages().length;
            var ops = signedInAs(operator);

            var moved = ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", "tess@example.com")));

            assertThat(moved.statusCode()).isEqualTo(303);
            assertThat(moved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=moved");
            String page = ops.get("/console/customers/" + customer + "?done=moved").body();
            assertThat(page).contains("The email moved").contains("Resend the delivery email")
                    .contains("<a href=\"/console/grants/" + grant + "\">");
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer).map(a -> a.detail()))
                    .containsExactly("email typo@exmaple.com → tess@example.com");

            var resent = ops.post("/console/grants/" + grant + "/resend", Map.of("_csrf", WebClient.csrf(page)));
            assertThat(resent.statusCode()).isEqualTo(303);
            server.relay();

            assertThat(smtp.waitForIncomingEmail(5_000, before + 1)).isTrue();
            var received = Arrays.copyOfRange(smtp.getReceivedMessages(), before, smtp.getReceivedMessages().length);
            assertThat(recipients(received)).containsExactly("tess@example.com");
            assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(received[0])).contains(key);
        }

        /** Whoever holds the old mailbox may have opened the portal from it: the move signs them out, through the console too. */
        @Test
        void ends_the_customer_s_portal_sessions_and_the_links_sent_to_the_old_address() {
            String grant = data.grant(server.a, auto, "pia@old.example", "Pia", "pay_p1");
            String customer = customerOf(grant, server.a);
            var portal = new WebClient(server.base);
            assertThat(portal.signIn(mintedLink(customer)).statusCode()).isEqualTo(303);
            assertThat(portal.get("/portal/").statusCode()).as("signed in to the portal").isEqualTo(200);
            String unused = mintedLink(customer);
            var ops = signedInAs(operator);

            assertThat(ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", "pia@new.example")))
                    .statusCode()).isEqualTo(303);

            assertThat(portal.get("/portal/").statusCode()).as("the old session").isNotEqualTo(200);
            assertThat(new WebClient(server.base).get(URI.create(unused).getPath()).statusCode())
                    .as("a link minted before the move, never used").isEqualTo(401);
        }

        @Test
        void to_the_same_address_in_other_letters_is_no_move() {
            String customer = customerOf(data.grant(server.a, auto, "cara@example.com", "Cara", "pay_c1"), server.a);
            var portal = new WebClient(server.base);
            portal.signIn(mintedLink(customer));
            var ops = signedInAs(operator);

            var saved = ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", "Cara@Example.com")));

            assertThat(saved.headers().firstValue("Location")).hasValue("/console/customers/" + customer + "?done=changed");
            assertThat(customer(customer).email().value()).isEqualTo("Cara@Example.com");
            assertThat(portal.get("/portal/").statusCode()).as("the same mailbox stays signed in").isEqualTo(200);
        }

        String mintedLink(String customer) {
            return server.grantor.customerPortal().mintLink(server.a, new MintLink(customer, false, null),
                    URI.create(server.url("/portal"))).get().link().toString();
        }
    }

    @Nested
    class A_refusal {

        @Test
        void of_an_email_another_customer_has_is_shown_next_to_the_email_with_every_typed_value_kept_and_nothing_written() {
            server.grantor.customers().create(server.a, new CreateCustomer("taken@example.com", "Tom Taken", null, null)).get();
            String customer = customerOf(data.grant(server.a, manual, "kim@example.com", "Kim", "pay_k1"), server.a);
            var before = customer(customer);
            var ops = signedInAs(operator);

            var refused = ops.post("/console/customers/" + customer, form(ops, customer,
                    Map.of("name", "Kim <Typed>", "email", "TAKEN@example.com", "phone_number", "+1 212 555 0199")));

            assertThat(refused.statusCode()).isEqualTo(422);
            String page = refused.body();
            assertThat(page).contains("<title>Error: ");
            assertThat(page).containsSubsequence("id=\"email\"", "aria-invalid=\"true\"", "aria-describedby=\"email-error\"");
            assertThat(page).containsPattern("<span class=\"field-error\" id=\"email-error\">email belongs to another customer of"
                    + " this business \\(cus_[0-9A-Za-z]+\\)</span>");
            assertThat(value(page, "name")).isEqualTo("Kim <Typed>");
            assertThat(value(page, "email")).isEqualTo("TAKEN@example.com");
            assertThat(value(page, "phone_number")).isEqualTo("+1 212 555 0199");
            assertThat(value(page, "shown_email")).as("what the page showed when it was opened").isEqualTo("kim@example.com");
            assertThat(customer(customer)).as("nothing half-written").isEqualTo(before);
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer)).as("no audit entry").isEmpty();
        }

        @Test
        void of_a_phone_number_is_shown_next_to_it_with_the_api_s_text() {
            String customer = customerOf(data.grant(server.a, manual, "pat.phone@example.com", "Pat", "pay_ph1"), server.a);
            var ops = signedInAs(operator);

            var refused = ops.post("/console/customers/" + customer, form(ops, customer, Map.of("phone_number", "call me")));

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"phone_number-error\">phone_number ");
            assertThat(value(refused.body(), "phone_number")).isEqualTo("call me");
            assertThat(customer(customer).phoneNumber()).isEmpty();
        }

        @Test
        void of_an_empty_email_says_it_is_required_next_to_it_and_keeps_the_other_typed_values() {
            String customer = customerOf(data.grant(server.a, manual, "eve.empty@example.com", "Eve", "pay_e1"), server.a);
            var ops = signedInAs(operator);

            var refused = ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", " ", "name", "Eve Ever")));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("<span class=\"field-error\" id=\"email-error\">email is required</span>");
            assertThat(value(refused.body(), "name")).isEqualTo("Eve Ever");
            assertThat(customer(customer).name().map(CustomerName::value)).contains("Eve");
        }

        @Test
        void without_the_csrf_token_is_403_and_changes_nothing() {
            String customer = customerOf(data.grant(server.a, manual, "cy@example.com", "Cy", "pay_cy1"), server.a);
            var ops = signedInAs(operator);
            var fields = new LinkedHashMap<>(form(ops, customer, Map.of("email", "attacker@evil.example")));
            fields.remove("_csrf");

            assertThat(ops.post("/console/customers/" + customer, fields).statusCode()).isEqualTo(403);
            assertThat(customer(customer).email().value()).isEqualTo("cy@example.com");
        }
    }

    @Nested
    class A_viewer {

        @Test
        void reads_the_customer_without_a_form_and_its_post_is_403_and_changes_nothing() {
            String customer = customerOf(data.grant(server.a, manual, "val@example.com", "Val", "pay_val1"), server.a);
            var before = customer(customer);
            var vic = signedInAs(viewer);
            String page = vic.get("/console/customers/" + customer).body();

            assertThat(page).contains("val@example.com").doesNotContain("action=\"/console/customers/" + customer + "\"")
                    .doesNotContain("Save the changes");
            var refused = vic.post("/console/customers/" + customer, Map.of("_csrf", WebClient.csrf(page), "shown_email",
                    "val@example.com", "email", "vic.took.it@example.com", "name", "Val", "shown_name", "Val"));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Your role in this console is viewer").contains("Nothing was changed")
                    .contains("Back to the customer").contains("href=\"/console/customers/" + customer + "\"");
            assertThat(customer(customer)).isEqualTo(before);
            assertThat(server.grantor.operatorAccess().actionsOn(server.a, customer)).isEmpty();
        }
    }

    /**
     * The customer's history names whoever made each change (an operator by its email, an API key by its id, the host
     * application), newest first, {@value CustomerPages#HISTORY_PAGE} entries a page, each older page reached from
     * where the last ended; a viewer reads it as an operator does.
     */
    @Nested
    class The_history {

        @Test
        void names_each_actor_and_pages_through_thirty_entries_newest_first_for_a_viewer() {
            String customer = customerOf(data.grant(server.a, manual, "h0@example.com", "Hal", "pay_h1"), server.a);
            String key = server.grantor.access().createApiKey(server.a, false).get().id();
            for (int n = 1; n <= 29; n++) {
                server.clock.advance(Duration.ofSeconds(1));
                var by = n % 2 == 0 ? new dev.grantor.application.port.in.Actor.ApiKey(key) : new dev.grantor.application.port.in.Actor.Host();
                server.grantor.customers().update(server.a, customer, new UpdateCustomer("h" + n + "@example.com", null, null, false, null), by)
                        .get();
            }
            server.clock.advance(Duration.ofSeconds(1));
            var ops = signedInAs(operator);
            assertThat(ops.post("/console/customers/" + customer, form(ops, customer, Map.of("email", "h30@example.com"))).statusCode())
                    .isEqualTo(303);
            var vic = signedInAs(viewer);

            String first = vic.get("/console/customers/" + customer).body();
            var firstEntries = entries(first);
            assertThat(firstEntries).hasSize(25);
            assertThat(firstEntries.get(0)).endsWith("ops@acme.example · email h29@example.com → h30@example.com");
            assertThat(firstEntries.get(1)).endsWith("the host application · email h28@example.com → h29@example.com");
            assertThat(firstEntries.get(2)).endsWith("API key " + key + " · email h27@example.com → h28@example.com")
                    .doesNotContain("gr_live_");
            assertThat(first).doesNotContain("Newest entries").contains("<ol class=\"timeline\" start=\"1\">");
            String older = link(first, "Older entries");

            String second = vic.get(older).body();
            var secondEntries = entries(second);
            assertThat(secondEntries).hasSize(5);
            assertThat(secondEntries.get(0)).endsWith("email h4@example.com → h5@example.com");
            assertThat(secondEntries.get(4)).as("the grant's registration wrote none; the first change is the oldest")
                    .endsWith("email h0@example.com → h1@example.com");
            assertThat(second).doesNotContain("Older entries")
                    .as("numbered on from the first page's 25").contains("<ol class=\"timeline\" start=\"26\">");
            assertThat(link(second, "Newest entries")).isEqualTo("/console/customers/" + customer + "#history");
        }

        /**
         * A named key reads as its name and its id; the name is the merchant's text, so the page escapes it, and a
         * revoked key goes on being named.
         */
        @Test
        void names_a_key_by_its_name_and_id_escaped_and_a_revoked_key_still_by_its_name() {
            String customer = customerOf(data.grant(server.a, manual, "n0@example.com", "Nan", "pay_n1"), server.a);
            String billing = server.grantor.access().createApiKey(server.a, false, io.vavr.control.Option.some("billing")).get().id();
            String hostile = server.grantor.access()
                    .createApiKey(server.a, false, io.vavr.control.Option.some("<script>alert(1)</script>")).get().id();
            String unnamed = server.grantor.access().createApiKey(server.a, false).get().id();
            var keys = new String[] {billing, hostile, unnamed, billing};
            for (int n = 1; n <= keys.length; n++) {
                server.clock.advance(Duration.ofSeconds(1));
                server.grantor.customers().update(server.a, customer, new UpdateCustomer("n" + n + "@example.com", null, null, false, null),
                        new dev.grantor.application.port.in.Actor.ApiKey(keys[n - 1])).get();
            }
            assertThat(server.grantor.accessAdministration().revoke(billing).get().revokedAt()).isNotEmpty();

            String page = signedInAs(viewer).get("/console/customers/" + customer).body();

            var entries = entries(page);
            assertThat(entries.get(0)).endsWith("API key “billing” (" + billing + ") · email n3@example.com → n4@example.com");
            assertThat(entries.get(1)).endsWith("API key " + unnamed + " · email n2@example.com → n3@example.com");
            assertThat(entries.get(3)).endsWith("API key “billing” (" + billing + ") · email n0@example.com → n1@example.com");
            assertThat(page).contains("API key “&lt;script&gt;alert(1)&lt;/script&gt;” (" + hostile + ")")
                    .doesNotContain("<script>alert(1)").doesNotContain("gr_live_");
        }

        /** A link the console did not make is refused, not read as something else. */
        @Test
        void refuses_an_older_entries_link_it_did_not_make() {
            String customer = customerOf(data.grant(server.a, manual, "hx@example.com", "Hex", "pay_hx"), server.a);

            var refused = signedInAs(viewer).get("/console/customers/" + customer + "?before=" + q("<script>~aud_1"));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("not one the console made").doesNotContain("<script>");
        }

        private static java.util.List<String> entries(String page) {
            int from = page.indexOf("<h2 id=\"history\"");
            assertThat(from).as("the history's heading").isPositive();
            var m = java.util.regex.Pattern.compile("<li><span class=\"muted\">([^<]*)</span> · ([^<]*)</li>").matcher(page.substring(from));
            var found = new java.util.ArrayList<String>();
            while (m.find()) {
                found.add(m.group(1) + " · " + m.group(2).replace("&gt;", ">").replace("&amp;", "&"));
            }
            return found;
        }

        private static String link(String page, String text) {
            var m = java.util.regex.Pattern.compile("<a href=\"([^\"]+)\">" + text + "</a>").matcher(page);
            assertThat(m.find()).as("a link " + text).isTrue();
            return m.group(1).replace("&amp;", "&");
        }
    }
}
