package dev.grantor.application.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

class LookalikeAddressesTest {

    @Test
    void an_address_with_a_cyrillic_letter_is_noted_with_the_letter_spelled_out() {
        assertThat(LookalikeAddresses.note("\u0430lice@example.com"))
                .isEqualTo(Option.some("contains characters outside plain ASCII: [U+0430]lice@example.com"));
    }

    @Test
    void a_plain_address_has_no_note() {
        assertThat(LookalikeAddresses.note("alice@example.com")).isEqualTo(Option.none());
    }

    @Test
    void in_an_entry_only_the_addresses_count_not_the_arrow_or_a_name_beside_them() {
        assertThat(LookalikeAddresses.note("email alice@example.com → bob@example.com")).isEqualTo(Option.none());
        assertThat(LookalikeAddresses.note("jose@example.com (José Ñúñez)")).isEqualTo(Option.none());
        assertThat(LookalikeAddresses.note("email alice@example.com → \u0430lice@example.com, name"))
                .isEqualTo(Option.some("contains characters outside plain ASCII: [U+0430]lice@example.com"));
    }

    @Test
    void a_character_beyond_the_basic_plane_is_one_code_point() {
        assertThat(LookalikeAddresses.spelledOut("a\uD835\uDC1A@example.com")).isEqualTo("a[U+1D41A]@example.com");
    }
}
