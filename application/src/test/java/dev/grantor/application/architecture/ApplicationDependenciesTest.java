package dev.grantor.application.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApplicationDependenciesTest {

    static final String[] ALLOWED = {
            "dev.grantor.domain..", "dev.grantor.application..", "java..", "javax.crypto..", "jakarta.validation..", "io.vavr..",
            "org.jmolecules.."};

    /** Only what the module promises: the domain, Jakarta Validation, Vavr, jMolecules and the JDK. */
    static final ArchRule ONLY_ALLOWED_DEPENDENCIES = classes().that().resideInAPackage("dev.grantor.application..")
            .and().resideOutsideOfPackage(GrantorJsonRule.PACKAGE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(ALLOWED)
            .because("the engine is embedded as a library and must not drag in frameworks or adapters");

    /**
     * Jackson is the product's one JSON library. The engine itself writes JSON (outbox envelopes, webhook
     * bodies, email payloads, stored columns) and must write the same bytes the REST adapter answers, so
     * it uses Jackson through one configured codec, {@code GrantorJson}, and nowhere else.
     */
    static final class GrantorJsonRule {
        static final String PACKAGE = "dev.grantor.application.json..";
    }

    static final ArchRule JSON_ONLY_THROUGH_THE_CODEC = classes().that().resideInAPackage(GrantorJsonRule.PACKAGE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(ALLOWED, "com.fasterxml.jackson.core..",
                    "com.fasterxml.jackson.databind..", "com.fasterxml.jackson.annotation.."))
            .because("the JSON codec is the one place the engine meets Jackson");

    static final ArchRule NO_ADAPTER_TYPES = noClasses().that().resideInAPackage("dev.grantor.application..")
            .should().dependOnClassesThat().resideInAPackage("dev.grantor.adapter..");

    static final ArchRule NO_HIBERNATE_OUTSIDE_VALIDATION = noClasses().that().resideInAPackage("dev.grantor.application..")
            .and().doNotHaveSimpleName("CommandValidation")
            .should().dependOnClassesThat().resideInAPackage("org.hibernate..");

    /**
     * Constraint annotations sit on the commands; only {@code CommandValidation} runs them, so a violation reads the
     * same (code, property path, message) whichever use case found it.
     */
    static final ArchRule JAKARTA_RUNS_ONLY_IN_COMMAND_VALIDATION = noClasses().that().resideInAPackage("dev.grantor.application..")
            .and().doNotHaveSimpleName("CommandValidation")
            .should().dependOnClassesThat().resideInAPackage("jakarta.validation")
            .because("constraint validation runs once, in one place");

    private static String[] concat(String[] first, String... more) {
        var all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.grantor.application");
    }

    @Nested
    class The_application_module {

        @Test
        void depends_only_on_the_domain_jakarta_validation_vavr_jmolecules_and_the_jdk() {
            assertThat(production).isNotEmpty();
            ONLY_ALLOWED_DEPENDENCIES.check(production);
        }

        @Test
        void meets_jackson_only_in_its_one_json_codec() {
            JSON_ONLY_THROUGH_THE_CODEC.check(production);
        }

        @Test
        void knows_no_adapter_types() {
            NO_ADAPTER_TYPES.check(production);
        }

        @Test
        void runs_jakarta_validation_nowhere_but_in_command_validation() {
            JAKARTA_RUNS_ONLY_IN_COMMAND_VALIDATION.check(production);
        }

        @Test
        void touches_hibernate_validator_nowhere_but_where_it_bootstraps_validation() {
            NO_HIBERNATE_OUTSIDE_VALIDATION.check(production);
        }
    }

    @Nested
    class The_rule {

        @Test
        void rejects_a_class_that_reaches_for_another_library() {
            var fixture = new ClassFileImporter().importClasses(dev.grantor.application.architecture.fixture.LeakyFulfillment.class);

            assertThat(ONLY_ALLOWED_DEPENDENCIES.evaluate(fixture).hasViolation()).isTrue();
        }

        @Test
        void rejects_a_json_codec_that_reaches_past_jackson() {
            var fixture = new ClassFileImporter().importPackages("dev.grantor.application.json.violations");

            assertThatThrownBy(() -> JSON_ONLY_THROUGH_THE_CODEC.check(fixture)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("ValidatingCodec").hasMessageContaining("org.hibernate.validator.HibernateValidator");
        }

        @Test
        void rejects_a_use_case_that_names_an_adapter() {
            var fixture = new ClassFileImporter().importClasses(dev.grantor.application.architecture.fixture.AdapterReachingService.class);

            assertThatThrownBy(() -> NO_ADAPTER_TYPES.check(fixture)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("dev.grantor.adapter.fixture.SqlLedger");
        }

        @Test
        void rejects_hibernate_validator_beside_command_validation() {
            var fixture = new ClassFileImporter().importClasses(dev.grantor.application.architecture.fixture.HibernateOnTheSide.class);

            assertThatThrownBy(() -> NO_HIBERNATE_OUTSIDE_VALIDATION.check(fixture)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("HibernateOnTheSide").hasMessageContaining("org.hibernate.validator");
        }

        @Test
        void rejects_a_validator_beside_command_validation() {
            var fixture = new ClassFileImporter().importClasses(dev.grantor.application.architecture.fixture.ValidatorOnTheSide.class);

            assertThat(JAKARTA_RUNS_ONLY_IN_COMMAND_VALIDATION.evaluate(fixture).hasViolation()).isTrue();
        }

        @Test
        void rejects_jackson_outside_the_codec() {
            var fixture = new ClassFileImporter().importClasses(dev.grantor.application.architecture.fixture.JsonOnTheSide.class);

            assertThat(ONLY_ALLOWED_DEPENDENCIES.evaluate(fixture).hasViolation()).isTrue();
        }
    }
}
