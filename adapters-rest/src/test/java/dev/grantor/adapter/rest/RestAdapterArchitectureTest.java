package dev.grantor.adapter.rest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The adapter reaches the engine only through its primary ports, the facade and the wire rendering. */
class RestAdapterArchitectureTest {

    private static final JavaClasses adapter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.grantor.adapter.rest");

    /** {@code application.json} is allowed on purpose: the REST answers and the engine's webhooks share one JSON configuration. */
    private static final ArchRule noServiceImplementation = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.grantor.application.service..", "dev.grantor.application.outbox..",
                    "dev.grantor.application.generate..");

    private static final ArchRule noSecondaryPort = noClasses().should().dependOnClassesThat()
            .resideInAPackage("dev.grantor.application.port.out..")
            .because("a primary adapter drives the engine through its primary ports; idempotency keys too");

    private static final ArchRule noOtherAdapter = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.grantor.adapter.persistence..", "dev.grantor.adapter.mail..", "dev.grantor.adapter.webhooks..");

    private static final ArchRule onlyTheApiIsPublic = classes().that().arePublic().and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("RestApi").orShould().haveSimpleName("RestSettings");

    /** Test code breaking the rules below (left out of {@code adapter}): a rule that let it pass would prove nothing. */
    private static final JavaClasses violations = new ClassFileImporter().importPackages("dev.grantor.adapter.rest.violations");

    @Test
    void the_adapter_uses_no_service_implementation() {
        noServiceImplementation.check(adapter);
    }

    @Test
    void the_adapter_uses_no_secondary_port() {
        noSecondaryPort.check(adapter);
    }

    private static final ArchRule noWebhookEngine = noClasses().should().dependOnClassesThat()
            .resideInAPackage("dev.grantor.application.webhook..")
            .because("the webhook objects the API shows are records of application.view; the engine is built by the facade");

    @Test
    void the_adapter_uses_nothing_of_the_webhook_engine() {
        noWebhookEngine.check(adapter);
    }

    @Test
    void that_rule_bites_on_code_that_builds_the_webhook_engine_itself() {
        var wiring = new ClassFileImporter().importClasses(ApiServer.class);

        assertThatThrownBy(() -> noWebhookEngine.check(wiring)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("DispatchPolicy");
    }

    @Test
    void the_adapter_depends_on_no_other_adapter() {
        noOtherAdapter.check(adapter);
    }

    @Test
    void only_the_api_and_its_settings_are_public() {
        onlyTheApiIsPublic.check(adapter);
    }

    @Test
    void the_rules_bite_on_public_routes_that_read_a_store_run_the_relay_and_send_webhooks() {
        assertThatThrownBy(() -> noServiceImplementation.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ShortcutRoutes").hasMessageContaining("OutboxRelay");
        assertThatThrownBy(() -> noSecondaryPort.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ShortcutRoutes").hasMessageContaining("port.out.Grants");
        assertThatThrownBy(() -> noOtherAdapter.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ShortcutRoutes").hasMessageContaining("HttpWebhookSender");
        assertThatThrownBy(() -> onlyTheApiIsPublic.check(violations)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ShortcutRoutes");
    }
}
