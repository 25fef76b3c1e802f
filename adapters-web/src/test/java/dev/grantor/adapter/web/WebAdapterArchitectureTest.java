package dev.grantor.adapter.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The web pages reach the engine only through its primary ports and the facade, like every primary adapter. */
class WebAdapterArchitectureTest {

    private static final JavaClasses adapter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.grantor.adapter.web");

    private static final JavaClasses violations = new ClassFileImporter().importPackages("dev.grantor.adapter.web.violations");

    private static final ArchRule noServiceImplementation = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.grantor.application.service..", "dev.grantor.application.outbox..",
                    "dev.grantor.application.generate..", "dev.grantor.application.webhook..");

    private static final ArchRule noSecondaryPort = noClasses().should().dependOnClassesThat()
            .resideInAPackage("dev.grantor.application.port.out..")
            .because("a primary adapter drives the engine through its primary ports; sessions too");

    private static final ArchRule noOtherAdapter = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.grantor.adapter.persistence..", "dev.grantor.adapter.mail..",
                    "dev.grantor.adapter.webhooks..", "dev.grantor.adapter.rest..");

    @Test
    void the_pages_use_no_service_implementation() {
        noServiceImplementation.check(adapter);
    }

    @Test
    void the_pages_use_no_secondary_port() {
        noSecondaryPort.check(adapter);
    }

    @Test
    void the_pages_depend_on_no_other_adapter() {
        noOtherAdapter.check(adapter);
    }

    @Test
    void the_rules_bite_on_a_page_that_reads_the_session_store_and_names_a_service() {
        assertThatThrownBy(() -> noSecondaryPort.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("SignIns");
        assertThatThrownBy(() -> noServiceImplementation.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("SignInService");
    }

    @Test
    void the_other_adapter_rule_bites_on_a_page_that_uses_the_mail_adapter() {
        assertThatThrownBy(() -> noOtherAdapter.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MailingPage").hasMessageContaining("dev.grantor.adapter.mail.Sender");
    }
}
