package dev.grantor.adapter.mail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
}
