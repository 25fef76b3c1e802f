package dev.grantor.application.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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
            .should().onlyDependOnClassesThat().resideInAnyPackage(ALLOWED)
            .because("the engine is embedded as a library and must not drag in frameworks or adapters");

    static final ArchRule NO_ADAPTER_TYPES = noClasses().that().resideInAPackage("dev.grantor.application..")
            .should().dependOnClassesThat().resideInAPackage("dev.grantor.adapter..");

    static final ArchRule NO_HIBERNATE_OUTSIDE_VALIDATION = noClasses().that().resideInAPackage("dev.grantor.application..")
            .and().doNotHaveSimpleName("CommandValidation")
            .should().dependOnClassesThat().resideInAPackage("org.hibernate..");

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
        void knows_no_adapter_types() {
            NO_ADAPTER_TYPES.check(production);
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
            var fixture = new ClassFileImporter().importPackages("dev.grantor.application.architecture.fixture");

            assertThat(ONLY_ALLOWED_DEPENDENCIES.evaluate(fixture).hasViolation()).isTrue();
        }
    }
}
