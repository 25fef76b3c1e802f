package dev.grantor.adapter.mail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

@AnalyzeClasses(packages = "dev.grantor.adapter.mail", importOptions = ImportOption.DoNotIncludeTests.class)
class MailAdapterArchitectureTest {

    /** A secondary adapter serves the engine through its ports; the engine's insides may change freely. */
    @ArchTest
    static final ArchRule the_mail_adapter_knows_the_engine_only_by_its_ports = noClasses()
            .that().resideInAPackage("dev.grantor.adapter.mail..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.grantor.application.service..",
                    "dev.grantor.application.outbox..", "dev.grantor.application.port.in..", "dev.grantor.adapter.rest..",
                    "dev.grantor.adapter.persistence..");

    /** Logs go through System.Logger (bootstrap routes them); a key must never reach a console by accident. */
    @ArchTest
    static final ArchRule the_mail_adapter_never_prints = noClasses()
            .that().resideInAPackage("dev.grantor.adapter.mail..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");

    /** Test code breaking each rule once (left out of the import above): a rule that let it pass would prove nothing. */
    private static final JavaClasses violations = new ClassFileImporter().importPackages("dev.grantor.adapter.mail.violations");

    @Test
    void the_ports_rule_bites_on_a_mailer_that_drives_the_relay() {
        assertThatThrownBy(() -> the_mail_adapter_knows_the_engine_only_by_its_ports.check(violations))
                .isInstanceOf(AssertionError.class).hasMessageContaining("RelayReachingMailer").hasMessageContaining("OutboxRelay");
    }

    @Test
    void the_printing_rule_bites_on_a_mailer_that_prints() {
        assertThatThrownBy(() -> the_mail_adapter_never_prints.check(violations))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ChattyMailer").hasMessageContaining("System.out");
    }
}
