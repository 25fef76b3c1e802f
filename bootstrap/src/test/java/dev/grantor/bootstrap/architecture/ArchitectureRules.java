package dev.grantor.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.jmolecules.archunit.JMoleculesArchitectureRules;
import org.jmolecules.archunit.JMoleculesArchitectureRules.VerificationDepth;

/**
 * The rules that hold across modules, written against a root package so that the same rules run on the real
 * code ({@code dev.grantor}) and on a fixture that breaks each of them on purpose.
 */
final class ArchitectureRules {

    static final List<String> FRAMEWORKS = List.of("io.javalin..", "com.fasterxml..", "org.jdbi..", "com.zaxxer..",
            "jakarta.mail..", "picocli..", "io.micrometer..", "org.slf4j..");

    private ArchitectureRules() {}

    /** Primary adapters reach the core through primary ports only, secondary adapters implement secondary ports. */
    static ArchRule hexagonal() {
        return JMoleculesArchitectureRules.ensureHexagonal(VerificationDepth.SEMI_STRICT);
    }

    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapter.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .because("an adapter talks to the core through ports, never to another adapter");
    }

    /**
     * The one exception is deliberate: {@code application.json} is the product's single Jackson configuration,
     * shared by the engine's webhook bodies and the REST answers (see ApplicationDependenciesTest).
     */
    static ArchRule coreIsFrameworkFree(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .and().resideOutsideOfPackage(root + ".application.json..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS.toArray(String[]::new))
                .because("the domain and the application are plain Java a host can embed without our frameworks");
    }

    static ArchRule packagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles();
    }
}
