package dev.grantor.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.application.port.out.Outbox;
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

    static ArchRule hexagonal() {
        return JMoleculesArchitectureRules.ensureHexagonal(VerificationDepth.SEMI_STRICT);
    }

    /**
     * The hexagon with the two findings that are open design questions, each one dependency wide so that
     * anything new still fails. The REST adapter, a primary adapter, reaches secondary-port types: the
     * {@link IdempotencyRecords} it stores responses in (the facade hands them out for exactly that), and the
     * {@link Outbox.Depth} that the primary port {@code OutboxAdministration.depth()} answers with. Fixing
     * either means a primary-port type in the application (an idempotency use case, a depth of its own).
     */
    static ArchRule hexagonalWithOpenFindings() {
        if (!(hexagonal() instanceof LayeredArchitecture layered)) {
            throw new IllegalStateException("jmolecules-archunit no longer builds the hexagon as a layered architecture");
        }
        return layered.ignoreDependency(resideInAPackage("dev.grantor.adapter.rest.."),
                belongToAnyOf(IdempotencyRecords.class, Outbox.Depth.class));
    }

    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapter.(*)..").namingSlices("adapter $1")
                .should().notDependOnEachOther()
                .because("an adapter talks to the core through ports, never to another adapter");
    }

    static ArchRule coreIsFrameworkFree(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS.toArray(String[]::new))
                .because("the domain and the application are plain Java a host can embed without our frameworks");
    }

    static ArchRule packagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles();
    }
}
