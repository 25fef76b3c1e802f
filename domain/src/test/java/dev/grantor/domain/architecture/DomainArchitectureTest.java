package dev.grantor.domain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.grantor.domain.grant.Grant;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jmolecules.archunit.JMoleculesDddRules;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The domain's architecture rules, checked against the main classes, and each shown to bite on a fixture
 * of deliberately broken classes (test code, imported separately). ArchUnit's "fail on empty should" stays
 * on (its default), so a rule that matches nothing fails instead of passing vacuously.
 */
class DomainArchitectureTest {

    static final String DOMAIN = "dev.grantor.domain..";
    static final String FIXTURE = "dev.grantor.domain.fixture.violations";

    /** The main classes only: the fixture lives in test code, which this import leaves out. */
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.grantor.domain");

    static final JavaClasses VIOLATIONS = new ClassFileImporter().importPackages(FIXTURE);

    static final ArchRule DEPENDS_ONLY_ON_JAVA_JMOLECULES_AND_VAVR = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.jmolecules..", "io.vavr..", DOMAIN)
            .because("the domain depends on nothing but the JDK, jMolecules and Vavr");

    static final DescribedPredicate<JavaClass> INPUT_OR_OUTPUT = DescribedPredicate.describe(
            "do input or output (files, JDBC, sockets, HTTP, reflection)",
            c -> Stream.of("java.io", "java.nio", "java.sql", "javax.sql", "java.net.http", "java.rmi", "java.lang.reflect",
                    "javax.net").anyMatch(p -> c.getPackageName().equals(p) || c.getPackageName().startsWith(p + "."))
                    || (c.getPackageName().equals("java.net") && !c.isEquivalentTo(URI.class) && !c.isEquivalentTo(URISyntaxException.class)));

    static final ArchRule DOES_NO_INPUT_OR_OUTPUT = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat(INPUT_OR_OUTPUT)
            .because("the domain is pure: the application brings data in and takes results out");

    static final DescribedPredicate<JavaMethodCall> READS_THE_CLOCK = DescribedPredicate.describe("read the clock",
            call -> (call.getTargetOwner().getPackageName().equals("java.time") && call.getName().equals("now"))
                    || (call.getTargetOwner().isEquivalentTo(System.class)
                    && (call.getName().equals("currentTimeMillis") || call.getName().equals("nanoTime")))
                    || (call.getTargetOwner().isEquivalentTo(Math.class) && call.getName().equals("random")));

    static final ArchRule HAS_NO_CLOCK_OR_RANDOMNESS = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().belongToAnyOf(Clock.class, InstantSource.class, Random.class, SecureRandom.class,
                    ThreadLocalRandom.class, UUID.class)
            .orShould().callMethodWhere(READS_THE_CLOCK)
            .because("instants, ids and keys come in as arguments, so every transition is repeatable");

    static final ArchRule SPEAKS_THE_DOMAIN_LANGUAGE = noClasses().that().resideInAPackage(DOMAIN)
            .should().haveSimpleNameEndingWith("Manager").orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Impl").orShould().haveSimpleNameEndingWith("Data")
            .orShould().haveSimpleNameEndingWith("Info")
            .because("a class is named for what it is in the domain");

    /** Transport error codes: answered by an adapter, never by the model. */
    static final java.util.Set<String> TRANSPORT_CODES = java.util.Set.of("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
            "INTERNAL_ERROR", "IDEMPOTENCY_KEY_REUSED");

    /** A snake_case word (a JSON field name of the wire, such as expires_at) or a path of the REST API. */
    static final java.util.regex.Pattern WIRE_NAME = java.util.regex.Pattern.compile(
            "(?<![A-Za-z0-9_])[a-z][a-z0-9]*(_[a-z0-9]+)+(?![A-Za-z0-9_])|/(grants|licenses|entitlements|webhooks|customers)\\b");

    static java.util.List<String> wireNamesIn(JavaClass type) {
        return StringConstants.of(type).stream()
                .filter(text -> TRANSPORT_CODES.contains(text) || WIRE_NAME.matcher(text).find())
                .toList();
    }

    static final ArchRule KNOWS_NO_WIRE_NAMES = classes().that().resideInAPackage(DOMAIN)
            .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("mention no wire field name, REST path or transport error code") {
                @Override
                public void check(JavaClass type, com.tngtech.archunit.lang.ConditionEvents events) {
                    for (String text : wireNamesIn(type)) {
                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(type,
                                type.getName() + " mentions the wire: \"" + text + "\""));
                    }
                }
            })
            .because("the domain speaks the domain: the REST edge names fields, paths and transport failures");

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("jMolecules DDD rules (all)", JMoleculesDddRules.all(), "Basket"),
                Arguments.of("aggregates refer to aggregates by id", JMoleculesDddRules.aggregateReferencesShouldBeViaIdOrAssociation(), "Basket"),
                Arguments.of("entities and aggregates have an identity", JMoleculesDddRules.annotatedEntitiesAndAggregatesNeedToHaveAnIdentifier(), "Anonymous"),
                Arguments.of("value objects do not refer to identifiables", JMoleculesDddRules.valueObjectsMustNotReferToIdentifiables(), "Label"),
                Arguments.of("entities are used in their own aggregate", JMoleculesDddRules.entitiesShouldBeDeclaredForUseInSameAggregate(), "Car"),
                Arguments.of("depends only on java, jMolecules and Vavr", DEPENDS_ONLY_ON_JAVA_JMOLECULES_AND_VAVR, "LoggingGrant"),
                Arguments.of("does no input or output: JDBC", DOES_NO_INPUT_OR_OUTPUT, "SqlLedger"),
                Arguments.of("does no input or output: HTTP", DOES_NO_INPUT_OR_OUTPUT, "WebhookNotifier"),
                Arguments.of("has no clock", HAS_NO_CLOCK_OR_RANDOMNESS, "Instant.now()"),
                Arguments.of("has no randomness", HAS_NO_CLOCK_OR_RANDOMNESS, "UUID"),
                Arguments.of("speaks the domain language", SPEAKS_THE_DOMAIN_LANGUAGE, "GrantManager"),
                Arguments.of("knows no wire names: a JSON field", KNOWS_NO_WIRE_NAMES, "expires_at"),
                Arguments.of("knows no wire names: a REST path", KNOWS_NO_WIRE_NAMES, "/grants/{grant_id}"),
                Arguments.of("knows no wire names: a transport code", KNOWS_NO_WIRE_NAMES, "\"PAYLOAD_TOO_LARGE\""));
    }

    @Nested
    class TheMainCode {

        @Test
        void is_imported_without_the_fixture() {
            assertThat(MAIN.contain(Grant.class)).isTrue();
            assertThat(MAIN.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.startsWith(FIXTURE));
            assertThat(MAIN.stream().map(JavaClass::getSimpleName)).noneMatch(n -> n.endsWith("Test"));
        }

        @Test
        void follows_the_jmolecules_ddd_rules() {
            JMoleculesDddRules.all().check(MAIN);
        }

        @Test
        void depends_only_on_java_jmolecules_and_vavr() {
            DEPENDS_ONLY_ON_JAVA_JMOLECULES_AND_VAVR.check(MAIN);
        }

        @Test
        void does_no_input_or_output() {
            DOES_NO_INPUT_OR_OUTPUT.check(MAIN);
        }

        @Test
        void has_no_clock_or_randomness() {
            HAS_NO_CLOCK_OR_RANDOMNESS.check(MAIN);
        }

        @Test
        void speaks_the_domain_language() {
            SPEAKS_THE_DOMAIN_LANGUAGE.check(MAIN);
        }

        @Test
        void knows_no_wire_field_name_rest_path_or_transport_error_code() {
            KNOWS_NO_WIRE_NAMES.check(MAIN);
        }
    }

    @Nested
    class TheRulesBite {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.grantor.domain.architecture.DomainArchitectureTest#rules")
        void each_rule_rejects_its_violating_fixture(String rule, ArchRule archRule, String culprit) {
            assertThat(VIOLATIONS.contain(Grant.class)).isFalse();

            assertThatThrownBy(() -> archRule.check(VIOLATIONS))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(culprit);
        }

        @Test
        void a_rule_that_matches_no_class_fails_rather_than_passing_vacuously() {
            var aimedAtNothing = classes().that().resideInAPackage("dev.grantor.nowhere..").should().bePublic();

            assertThatThrownBy(() -> aimedAtNothing.check(MAIN))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("failed to check any classes");
        }
    }
}
