package dev.grantor.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.stream.Stream;
import org.jmolecules.archunit.JMoleculesArchitectureRules;
import org.jmolecules.archunit.JMoleculesArchitectureRules.VerificationDepth;
import org.jmolecules.architecture.hexagonal.PrimaryPort;
import org.jmolecules.architecture.hexagonal.SecondaryAdapter;
import org.jmolecules.architecture.hexagonal.SecondaryPort;

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

    /**
     * A secondary adapter is driven by the engine through the port it implements. Were it to call a use case, the relay
     * or a generator itself, the engine would be running inside its own adapter, out of the units and order it keeps.
     * ({@code application.webhook} is not listed: the sender shares the engine's rule of which targets are allowed.)
     */
    static ArchRule secondaryAdaptersOnlyServeTheirPorts(String root) {
        return noClasses().that(resideUnder(SecondaryAdapter.class))
                .should().dependOnClassesThat().resideInAnyPackage(root + ".application.port.in..", root + ".application.service..",
                        root + ".application.outbox..", root + ".application.generate..", root + ".application.background..")
                .because("the engine drives a secondary adapter through its port, never the other way round");
    }

    /**
     * STYLE.md's names, for every module: the domain's own test holds the domain to them, this holds the rest
     * (the engine, the adapters, the wiring), where a {@code Helper} or a {@code Data} would hide just as much.
     */
    static ArchRule namesSpeakTheDomain(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".domain..")
                .should().haveSimpleNameEndingWith("Manager").orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Impl").orShould().haveSimpleNameEndingWith("Data")
                .orShould().haveSimpleNameEndingWith("Info")
                .because("a class is named for what it is, in the domain's words");
    }

    /** Bootstrap knows every module; anything that needed it would pull in every module with it. */
    static ArchRule nothingDependsOnTheCompositionRoot(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .because("bootstrap is the one module that knows all the others, and no module knows bootstrap");
    }

    /** One module per technology: the library it wraps appears nowhere else, so replacing it touches one module. */
    static ArchRule eachTechnologyStaysInItsAdapter(String root) {
        return CompositeArchRule
                .of(technology(root, List.of(".adapter.persistence.."), "org.jdbi..", "com.zaxxer..", "org.flywaydb..",
                        "org.sqlite..", "org.postgresql.."))
                .and(technology(root, List.of(".adapter.mail.."), "jakarta.mail..", "org.eclipse.angus.."))
                .and(technology(root, List.of(".adapter.rest..", ".adapter.web.."), "io.javalin..", "org.eclipse.jetty..",
                        "jakarta.servlet.."))
                .and(technology(root, List.of(".adapter.web.."), "gg.jte.."));
    }

    private static ArchRule technology(String root, List<String> owners, String... packages) {
        return noClasses().that().resideOutsideOfPackages(owners.stream().map(owner -> root + owner).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .because("each technology is wrapped by its own adapter module");
    }

    /**
     * A type that hands out two or more secondary ports: a whole store. Only the facade, which assembles the engine,
     * takes one apart; a service given it could reach every table, and its constructor would no longer say which it uses.
     */
    static final DescribedPredicate<JavaClass> HANDS_OUT_PORTS = DescribedPredicate.describe("hand out two or more secondary ports",
            type -> type.getMethods().stream().filter(method -> !method.getModifiers().contains(JavaModifier.STATIC))
                    .map(JavaMethod::getRawReturnType)
                    .filter(returned -> returned.isInterface() && annotatedHere(returned.getPackage(), SecondaryPort.class))
                    .distinct().count() >= 2);

    static ArchRule servicesNameTheirPorts(String root) {
        return constructors().that().areDeclaredInClassesThat().resideInAPackage(root + ".application..")
                .and().areDeclaredInClassesThat().resideOutsideOfPackage(root + ".application")
                .should(new ArchCondition<JavaConstructor>("name the ports they use, not take a store of every port") {
                    @Override
                    public void check(JavaConstructor constructor, ConditionEvents events) {
                        constructor.getRawParameterTypes().stream().filter(HANDS_OUT_PORTS)
                                .forEach(bag -> events.add(SimpleConditionEvent.violated(constructor,
                                        constructor.getFullName() + " takes " + bag.getName() + ", which hands out ports")));
                    }
                })
                .because("a constructor lists what its service needs");
    }

    /**
     * A host embeds Grantor through the primary ports and the facade. A secondary port's type in their signatures (a
     * store's row, say) would have the host import the store's shapes, and hand it whatever the row holds; a record
     * nested in a primary port is in the primary port's package, so its components are checked as its accessors.
     */
    static ArchRule primaryPortsNameNoSecondaryPortType() {
        return classes().that(resideUnder(PrimaryPort.class)).and().arePublic()
                .should(new ArchCondition<JavaClass>("name no secondary port's type in a public method or constructor") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        Stream.concat(type.getMethods().stream(), type.getConstructors().stream())
                                .filter(unit -> unit.getModifiers().contains(JavaModifier.PUBLIC))
                                .forEach(unit -> named(unit).filter(resideUnder(SecondaryPort.class)).distinct()
                                        .forEach(secondary -> events.add(SimpleConditionEvent.violated(unit,
                                                unit.getFullName() + " names " + secondary.getName()))));
                    }
                })
                .because("a host embedding Grantor reaches it through the primary ports and never needs a secondary port's type");
    }

    /**
     * Beyond the signatures: nothing in a primary port's package (a command, a helper, a private method) reaches a
     * secondary port, so a use case's contract reads whole without the stores'. A constant is inlined by the compiler
     * and leaves no trace in the bytecode this reads: the page ceiling is the primary side's own for that reason too.
     */
    static ArchRule primaryPortsDependOnNoSecondaryPort() {
        return noClasses().that(resideUnder(PrimaryPort.class))
                .should().dependOnClassesThat(resideUnder(SecondaryPort.class))
                .because("the primary ports are the engine's contract with its host; the secondary ports are its own business");
    }

    /** Every type a signature names, generic type arguments and bounds included ({@code Either<E, List<Business>>}). */
    private static Stream<JavaClass> named(JavaCodeUnit unit) {
        return Stream.concat(Stream.of(unit.getReturnType()), unit.getParameterTypes().stream())
                .flatMap(type -> type.getAllInvolvedRawTypes().stream());
    }

    private static DescribedPredicate<JavaClass> resideUnder(Class<? extends Annotation> stereotype) {
        return DescribedPredicate.describe("reside in a package marked @" + stereotype.getSimpleName(),
                type -> annotatedHere(type.getPackage(), stereotype));
    }

    /** Whether the package, or one it lies in, carries the stereotype (as jMolecules reads package annotations). */
    private static boolean annotatedHere(JavaPackage pkg, Class<? extends Annotation> stereotype) {
        return pkg.isAnnotatedWith(stereotype) || pkg.getParent().map(parent -> annotatedHere(parent, stereotype)).orElse(false);
    }
}
