package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.LicenseCheckOut.CheckOut;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lines a customer's application needs (docs/offline-verification.md, repeated in README.md), compiled
 * exactly as printed for Java 17 and run in a process of their own whose class path holds the verifier and
 * nothing else, against a signed key and a license file that Grantor made on SQLite.
 */
class VerifierSnippetTest {

    @TempDir
    static Path work;

    static Path classes;
    static String key;
    static String entitlementId;
    static String otherProductsKey;
    static String instanceId;
    static Path jwks;
    static Path licenseFile;

    /** The verifier's classes as the build resolved them (its jar, or its classes folder in a partial build). */
    static String verifierOnly() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("grantor-verifier-") || entry.replace('\\', '/').endsWith("verifier/target/classes"))
                .findFirst().orElseThrow(() -> new AssertionError("the verifier is not on the doc tests' class path"));
    }

    @BeforeAll
    static void aKeyAndAFileMadeByGrantorAndTheCompiledLines() throws Exception {
        Path dataDir = work.resolve("shop-data");
        try (var storage = JdbcStorage.open(StorageSettings.sqlite(dataDir));
             var grantor = Grantor.builder().storage(storage).mailer(new PickupDirectoryMailer(dataDir.resolve("mail"),
                     Sender.EMBEDDED_DEFAULT, InstantSource.system(), MailMetrics.NONE)).build()) {
            var business = grantor.access().createBusiness("Acme").get().id();
            var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Acme Offline",
                    LicenseKeyConfig.auto().withActivationsLimit(3).signed(), null, null)).get();
            entitlementId = entitlement.id().value();
            key = grantor.issuing().issue(business, entitlementId,
                    new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), "pay_offline", null, null))
                    .get().grant().licenseKey().get().value().value();
            var cheaperProduct = grantor.entitlements().create(business, new CreateEntitlement("Acme Lite",
                    LicenseKeyConfig.auto().withActivationsLimit(1).signed(), null, null)).get();
            otherProductsKey = grantor.issuing().issue(business, cheaperProduct.id().value(),
                    new IssueGrant(new CustomerContact(null, "bob@example.com", "Bob"), "pay_lite", null, null))
                    .get().grant().licenseKey().get().value().value();
            instanceId = grantor.licensing().activate(new ActivateLicense(key, "laptop")).get().instance().id().value();
            licenseFile = Files.writeString(work.resolve("license.txt"),
                    grantor.licenseFiles().checkOut(new CheckOut(key, instanceId, null)).get());
            jwks = Files.writeString(work.resolve("jwks.json"), new ObjectMapper().writeValueAsString(
                    Map.of("keys", grantor.signingKeys().publicKeys(business.value()).get().keys().toJavaList())));
        }

        Path source = Files.writeString(Files.createDirectories(work.resolve("src")).resolve("CustomerApp.java"),
                customerApp(Manual.snippet("offline-verification.md", "verifier-lines")));
        classes = Files.createDirectories(work.resolve("classes"));
        var diagnostics = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "--release", "17", "-Xlint:all", "-Werror", "-proc:none", "-d", classes.toString(),
                "-cp", verifierOnly(), source.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The documented lines as the body of a small program; what the application's own methods get is printed. */
    static String customerApp(String snippet) {
        var lines = snippet.lines().toList();
        String imports = lines.stream().filter(line -> line.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(line -> !line.startsWith("import ")).collect(Collectors.joining("\n        "));
        return imports + "\n\n"
                + "public class CustomerApp {\n"
                + "    public static void main(String[] args) throws java.io.IOException {\n"
                + "        String jwksJson = java.nio.file.Files.readString(java.nio.file.Path.of(args[0]));\n"
                + "        String enteredKey = args[1];\n"
                + "        String licenseFileText = java.nio.file.Files.readString(java.nio.file.Path.of(args[2]));\n"
                + "        String instanceId = args[3];\n"
                + "        String entitlementId = args[4];\n"
                + "        " + body + "\n"
                + "        System.out.println(\"file usable: \" + usable);\n"
                + "    }\n"
                + "    static void unlock(java.util.OptionalInt seats) { System.out.println(\"unlocked, seats: \" + seats); }\n"
                + "    static void askToRenew(java.util.Optional<Instant> expiry) { System.out.println(\"renew, expired \" + expiry); }\n"
                + "    static void refuse(Verification<?> answer) { System.out.println(\"refused: \" + answer); }\n"
                + "}\n";
    }

    /** Runs the compiled lines on the runtime at {@code javaHome}, with the verifier alone beside them. */
    static List<String> run(Path javaHome, String enteredKey) throws IOException, InterruptedException {
        var process = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(),
                "-cp", classes + File.pathSeparator + verifierOnly(), "CustomerApp",
                jwks.toString(), enteredKey, licenseFile.toString(), instanceId, entitlementId)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    static void unlocksWithTheKeyAndRefusesATamperedOneAndAnotherProducts(Path javaHome) throws Exception {
        assertThat(run(javaHome, key)).containsExactly("unlocked, seats: OptionalInt[3]", "file usable: true");

        String lastSignatureCharacterChanged = key.substring(0, key.length() - 2) + (key.charAt(key.length() - 2) == 'A' ? 'B' : 'A')
                + key.charAt(key.length() - 1);
        assertThat(run(javaHome, lastSignatureCharacterChanged)).containsExactly("refused: BadSignature[]", "file usable: false");

        // same business, same signing key, another product: genuinely signed, and still no key to this application
        var otherProduct = run(javaHome, otherProductsKey);
        assertThat(otherProduct).hasSize(2);
        assertThat(otherProduct.get(0)).startsWith("refused: Valid[");
    }

    @Test
    void the_readme_shows_the_same_lines_as_the_manual() {
        assertThat(Manual.snippet("../README.md", "verifier-lines")).isEqualTo(Manual.snippet("offline-verification.md", "verifier-lines"));
    }

    @Test
    void the_documented_lines_run_with_the_verifier_alone_on_the_jdk_of_the_build() throws Exception {
        unlocksWithTheKeyAndRefusesATamperedOneAndAnotherProducts(Path.of(System.getProperty("java.home")));
    }

    /** This kind of machine ships OpenJDK 17 as its default Java beside the build's JDK; elsewhere there may be none. */
    @Test
    void the_documented_lines_run_on_a_java_17_runtime() throws Exception {
        Optional<Path> java17 = java17();
        assumeTrue(java17.isPresent(), "no Java 17 runtime under /usr/lib/jvm or /usr/java");

        unlocksWithTheKeyAndRefusesATamperedOneAndAnotherProducts(java17.get());
    }

    static Optional<Path> java17() throws IOException {
        for (Path root : List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(root)) {
                var found = homes.filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                        .filter(VerifierSnippetTest::isJava17).sorted().findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isJava17(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream().anyMatch(line -> line.startsWith("JAVA_VERSION=\"17"));
        } catch (IOException e) {
            return false;
        }
    }
}
