package dev.grantor.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The Spring module is a host like any other: it builds the engine through the facade ({@code Grantor.builder()}) and
 * plugs in adapters, so what the engine builds inside (services, generators, its JSON codec) can change without it.
 * The relay and the dispatcher are the facade's to hand out ({@code relay()}, {@code dispatcher()}), so their packages
 * are not listed. bootstrap's architecture test does not see this module; this one does.
 */
class SpringModuleArchitectureTest {

    private static final JavaClasses module = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.grantor.spring");

    private static final ArchRule ONLY_THROUGH_THE_FACADE = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.grantor.application.service..", "dev.grantor.application.generate..", "dev.grantor.application.background..",
                    "dev.grantor.application.json..", "dev.grantor.application.wire..", "dev.grantor.bootstrap..")
            .because("a host reaches the engine through the facade and its ports, as the embedding guide shows");

    @Test
    void the_module_reaches_the_engine_only_through_the_facade_and_its_ports() {
        assertThat(module.contain(GrantorAutoConfiguration.class)).isTrue();
        ONLY_THROUGH_THE_FACADE.check(module);
    }

    @Test
    void that_rule_bites_on_a_configuration_that_makes_the_engines_ids_itself() {
        var fixture = new ClassFileImporter().importPackages("dev.grantor.spring.violations");

        assertThatThrownBy(() -> ONLY_THROUGH_THE_FACADE.check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("HandMadeIds").hasMessageContaining("SecureIdGenerator");
    }
}
