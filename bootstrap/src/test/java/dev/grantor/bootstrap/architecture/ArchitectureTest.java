package dev.grantor.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs here because bootstrap is the one module whose class path holds every other module. */
class ArchitectureTest {

    static final String ROOT = "dev.grantor";
    static final String VIOLATIONS = "dev.grantor.bootstrap.architecture.violations";

    @Nested
    class The_whole_of_grantor {

        static JavaClasses grantor;

        @BeforeAll
        static void importAllModules() {
            grantor = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    // the adapter kit (in-memory adapters, contract tests) is test support, not part of the service
                    .withImportOption(location -> !location.contains("/adapter-kit/") && !location.contains("grantor-adapter-kit-"))
                    .importPackages(ROOT);
        }

        /** The rules judge only what was imported: every module of the service, the webhook sender included. */
        @Test
        void covers_every_module_the_service_is_built_from() {
            assertThat(java.util.List.of("dev.grantor.domain", "dev.grantor.application", "dev.grantor.adapter.persistence",
                    "dev.grantor.adapter.mail", "dev.grantor.adapter.rest", "dev.grantor.adapter.webhooks", "dev.grantor.adapter.web",
                    "dev.grantor.bootstrap"))
                    .allSatisfy(module -> assertThat(grantor.containPackage(module)).as(module).isTrue());
            assertThat(grantor.contain("dev.grantor.adapter.webhooks.HttpWebhookSender")).isTrue();
        }

        @Test
        void is_a_hexagon_at_semi_strict_depth() {
            ArchitectureRules.hexagonal().check(grantor);
        }

        @Test
        void no_adapter_depends_on_another_adapter() {
            ArchitectureRules.adaptersAreIndependent(ROOT).check(grantor);
        }

        @Test
        void the_domain_and_the_application_use_no_framework_type() {
            ArchitectureRules.coreIsFrameworkFree(ROOT).check(grantor);
        }

        @Test
        void packages_have_no_cycles() {
            ArchitectureRules.packagesAreFreeOfCycles(ROOT).check(grantor);
        }

        @Test
        void secondary_adapters_only_serve_their_ports() {
            ArchitectureRules.secondaryAdaptersOnlyServeTheirPorts(ROOT).check(grantor);
        }

        @Test
        void names_speak_the_domain() {
            ArchitectureRules.namesSpeakTheDomain(ROOT).check(grantor);
        }

        @Test
        void nothing_depends_on_bootstrap() {
            ArchitectureRules.nothingDependsOnTheCompositionRoot(ROOT).check(grantor);
        }

        @Test
        void each_technology_stays_in_its_adapter() {
            ArchitectureRules.eachTechnologyStaysInItsAdapter(ROOT).check(grantor);
        }

        @Test
        void services_name_the_ports_they_use() {
            ArchitectureRules.servicesNameTheirPorts(ROOT).check(grantor);
        }

        @Test
        void primary_ports_name_no_secondary_port_type() {
            ArchitectureRules.primaryPortsNameNoSecondaryPortType().check(grantor);
        }

        @Test
        void primary_ports_depend_on_no_secondary_port() {
            ArchitectureRules.primaryPortsDependOnNoSecondaryPort().check(grantor);
        }

        /** The facade is the one constructor that may take a whole store: it hands each service its own ports. */
        @Test
        void the_store_the_facade_takes_apart_counts_as_handing_out_ports() {
            assertThat(ArchitectureRules.HANDS_OUT_PORTS.test(grantor.get(dev.grantor.application.Grantor.Storage.class))).isTrue();
        }
    }

    /** A small code base that breaks every rule once: if a rule let it pass, the rule would prove nothing. */
    @Nested
    class A_fixture_that_breaks_the_rules {

        static JavaClasses violations;

        @BeforeAll
        static void importTheFixture() {
            violations = new ClassFileImporter().importPackages(VIOLATIONS);
        }

        @Test
        void is_not_a_hexagon_when_a_port_reaches_into_an_adapter() {
            assertThatThrownBy(() -> ArchitectureRules.hexagonal().check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CatalogTable");
        }

        @Test
        void fails_when_one_adapter_uses_another() {
            assertThatThrownBy(() -> ArchitectureRules.adaptersAreIndependent(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CatalogPage");
        }

        @Test
        void fails_when_the_domain_logs_through_slf4j() {
            assertThatThrownBy(() -> ArchitectureRules.coreIsFrameworkFree(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("org.slf4j.Logger");
        }

        @Test
        void fails_when_a_secondary_adapter_drives_a_use_case() {
            assertThatThrownBy(() -> ArchitectureRules.secondaryAdaptersOnlyServeTheirPorts(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("RestockingTable").hasMessageContaining("Restocking.restock()");
        }

        @Test
        void fails_on_a_helper_named_for_its_mechanism() {
            assertThatThrownBy(() -> ArchitectureRules.namesSpeakTheDomain(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CatalogHelper");
        }

        @Test
        void fails_when_an_adapter_reads_the_composition_root() {
            assertThatThrownBy(() -> ArchitectureRules.nothingDependsOnTheCompositionRoot(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("SettingsPage").hasMessageContaining("Wiring");
        }

        @Test
        void fails_when_a_page_queries_the_database_with_jdbi() {
            assertThatThrownBy(() -> ArchitectureRules.eachTechnologyStaysInItsAdapter(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CatalogQuery").hasMessageContaining("org.jdbi.v3.core.Jdbi");
        }

        @Test
        void fails_when_a_service_takes_the_whole_store() {
            assertThatThrownBy(() -> ArchitectureRules.servicesNameTheirPorts(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Restocking").hasMessageContaining("Everything");
        }

        @Test
        void fails_when_a_primary_port_names_a_store_row_in_a_generic_answer_a_parameter_or_a_record_component() {
            assertThatThrownBy(() -> ArchitectureRules.primaryPortsNameNoSecondaryPortType().check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Stocktaking.shelves() names " + VIOLATIONS + ".application.port.Shelves$Shelf")
                    .hasMessageContaining("Stocktaking.recount(" + VIOLATIONS + ".application.port.Shelves$Shelf)")
                    .hasMessageContaining("Stocktaking$Count.shelf() names")
                    .hasMessageNotContaining("Stocktaking.free(");
        }

        @Test
        void fails_when_a_class_in_a_primary_port_package_uses_a_secondary_port_outside_any_public_signature() {
            assertThatThrownBy(() -> ArchitectureRules.primaryPortsDependOnNoSecondaryPort().check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Aisles.emptiest(")
                    .hasMessageContaining(VIOLATIONS + ".application.port.Shelves");
            assertThat(violations.get(VIOLATIONS + ".application.usecase.Aisles").getModifiers())
                    .as("the signature rule skips a class that is not public").doesNotContain(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC);
        }

        @Test
        void fails_on_a_cycle_between_packages() {
            assertThatThrownBy(() -> ArchitectureRules.packagesAreFreeOfCycles(VIOLATIONS).check(violations))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Cycle");
        }
    }
}
