package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import io.vavr.control.Either;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentifierTest {

    /** Every identifier type: its prefix, its parser and its constructor. */
    record Kind(String prefix, BiFunction<String, String, Either<GrantorError, ?>> parse, Function<String, ?> construct) {
        @Override
        public String toString() {
            return prefix;
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("bus_", BusinessId::parse, BusinessId::new), new Kind("brd_", BrandId::parse, BrandId::new),
            new Kind("cus_", CustomerId::parse, CustomerId::new), new Kind("ent_", EntitlementId::parse, EntitlementId::new),
            new Kind("entg_", GrantId::parse, GrantId::new), new Kind("lic_", LicenseKeyId::parse, LicenseKeyId::new),
            new Kind("lki_", InstanceId::parse, InstanceId::new));

    static final List<String> NOT_ALPHANUMERIC = List.of("-", "_", " ", ".", "é", "ß", "٣", "Ａ", "１", "🔑", "\u0000", "\u200B",
            "\u202E", "\uD800", "/", "%", "+", "=");

    static Stream<Arguments> wellFormed() {
        var bodies = Instancio.gen().withSetting(Keys.SEED, 21L).string().alphaNumeric().mixedCase().length(21).list(20);
        return KINDS.stream().flatMap(kind -> bodies.stream().map(body -> Arguments.of(kind, kind.prefix() + body)));
    }

    static Stream<Arguments> malformed() {
        var gen = Instancio.gen().withSetting(Keys.SEED, 22L);
        var shortOrLong = gen.ints().range(0, 60).list(40).stream().filter(n -> n != 21).toList();
        var positions = gen.ints().range(0, 20).list(NOT_ALPHANUMERIC.size());
        return KINDS.stream().flatMap(kind -> {
            var body = "A".repeat(21);
            var otherPrefixes = KINDS.stream().map(Kind::prefix).filter(p -> !p.equals(kind.prefix())).map(p -> p + body);
            var lengths = shortOrLong.stream().map(n -> kind.prefix() + "7".repeat(n));
            var characters = Stream.iterate(0, i -> i + 1).limit(NOT_ALPHANUMERIC.size()).map(i -> kind.prefix()
                    + body.substring(0, positions.get(i)) + NOT_ALPHANUMERIC.get(i) + body.substring(positions.get(i) + 1));
            var hostile = Stream.of("", kind.prefix(), kind.prefix().toUpperCase() + body, " " + kind.prefix() + body,
                    kind.prefix() + body + " ", kind.prefix() + body + "\n", body + body, Hostile.TEN_MEGABYTES_OF_A);
            return Stream.of(otherPrefixes, lengths, characters, hostile).flatMap(s -> s).map(candidate -> Arguments.of(kind, candidate));
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wellFormed")
    void a_prefix_and_21_letters_or_digits_is_an_id(Kind kind, String candidate) {
        var parsed = kind.parse().apply("id", candidate);

        assertThat(parsed.isRight()).isTrue();
        assertThat(parsed.get().toString()).isEqualTo(candidate);
        assertThat(parsed.get()).isEqualTo(kind.construct().apply(candidate));
    }

    @ParameterizedTest(name = "{0} [{index}]")
    @MethodSource("malformed")
    void anything_else_is_not_an_id(Kind kind, String candidate) {
        var parsed = kind.parse().apply("id", candidate);

        assertThat(parsed.isLeft()).as("accepted %s", candidate.length() > 60 ? candidate.substring(0, 60) : candidate).isTrue();
        assertThat(parsed.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> kind.construct().apply(candidate)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_missing_id_is_not_an_id(Kind kind) {
        assertThat(kind.parse().apply("id", null).isLeft()).isTrue();
        assertThatThrownBy(() -> kind.construct().apply(null)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Kind> kinds() {
        return KINDS.stream();
    }
}
