package dev.grantor.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantTimeline.Asker;
import dev.grantor.domain.shared.CustomerId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who asked for a rotation or a resend, from what each stored: every requester the engine writes reads back as the
 * actor the histories name, the customer as the customer, and a command-line name that would pass for another kind of
 * actor as it was stored.
 */
class GrantTimelineAskerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "api_key:key_shop     | actor  | api_key:key_shop",
            "key_shop             | actor  | api_key:key_shop",
            "operator:op_ada      | actor  | op_ada",
            "operator:owner       | actor  | owner",
            "operator:root        | actor  | root",
            "customer:cus_1       | customer |",
            "command_line:root    | command line | root",
            "command_line:operator:op_ada | command line | operator:op_ada",
            "command_line:        | stored | command_line:",
            "'command_line: '     | stored | 'command_line: '",
            "operator:host        | stored | operator:host",
            "operator:api_key:key_x | stored | operator:api_key:key_x",
            "operator:            | stored | operator:",
            "api_key:             | stored | api_key:",
            "shop-admin           | stored | shop-admin",
    })
    void reads_a_stored_requester(String stored, String kind, String named) {
        Asker asker = Asker.of(stored);
        switch (kind) {
            case "actor" -> assertThat(asker).isEqualTo(new Asker.AsActor(named));
            case "customer" -> assertThat(asker).isInstanceOf(Asker.Customer.class);
            case "command line" -> assertThat(asker).isEqualTo(new Asker.CommandLine(named));
            default -> assertThat(asker).isEqualTo(new Asker.AsStored(named));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"op_ada", "owner"})
    void reads_back_what_an_operator_requester_records(String operator) {
        assertThat(Asker.of(new DeliveryResends.ByOperator(operator).recorded())).isEqualTo(new Asker.AsActor(operator));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"root", "op_ada", "owner", "host", "api_key:key_x"})
    void reads_back_what_a_command_line_requester_records_as_the_name_given_there(String name) {
        assertThat(Asker.of(new DeliveryResends.ByCommandLine(name).recorded())).isEqualTo(new Asker.CommandLine(name));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"key_shop"})
    void reads_back_what_an_api_key_requester_records(String key) {
        assertThat(Asker.of(new DeliveryResends.ByApiKey(key).recorded())).isEqualTo(new Asker.AsActor(new Actor.ApiKey(key).recorded()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cus_0VcA1b2C3d4E5f6G7h8I9"})
    void reads_back_what_a_customer_requester_records(String customer) {
        assertThat(Asker.of(new DeliveryResends.ByCustomer(new CustomerId(customer)).recorded())).isInstanceOf(Asker.Customer.class);
    }
}
