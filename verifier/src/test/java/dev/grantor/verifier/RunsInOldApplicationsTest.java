package dev.grantor.verifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The verifier is linked into customers' applications, some of them desktop programs still on Java 17, next
 * to whatever libraries they already carry: its class files must load on a Java 17 runtime (the build
 * compiles it with {@code release 17} while the rest of Grantor is on 21) and it may use the JDK alone.
 * The POM's enforcer rule keeps dependencies out; this keeps the compiled classes honest too.
 */
class RunsInOldApplicationsTest {

    /** Class file major version of Java 17 (JVMS 4.1). */
    private static final int JAVA_17 = 61;

    private static final ArchRule JDK_ONLY = classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.crypto..", "dev.grantor.verifier..")
            .because("customers link the verifier into their own applications, which must not inherit our libraries");

    @Test
    void every_class_of_the_library_is_java_17_bytecode() throws Exception {
        Path classes = Path.of(LicenseVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(file -> file.toString().endsWith(".class")).toList();
        }

        assertThat(files).as("the library's classes under %s", classes).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            assertThat(majorVersion(file)).as("class file version of %s", classes.relativize(file)).isEqualTo(JAVA_17);
        }
    }

    @Test
    void the_library_uses_nothing_but_the_jdks_public_api() {
        var library = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.grantor.verifier");

        assertThat(library).isNotEmpty();
        JDK_ONLY.check(library);
    }

    @Test
    void that_rule_bites_on_a_check_through_another_library() {
        var fixture = new ClassFileImporter().importPackages("dev.grantor.verifier.violations");

        assertThatThrownBy(() -> JDK_ONLY.check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("BouncyVerifier").hasMessageContaining("org.bouncycastle");
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); var data = new DataInputStream(in)) {
            assertThat(data.readInt()).as("magic of %s", classFile).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
