import dev.grantor.verifier.LicenseVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The verifier as a customer's program calls it, for the probes in probe.sh:
 * {@code java -cp verifier/target/classes Verify.java JWKS_FILE key KEY [NOW]} or
 * {@code ... Verify.java JWKS_FILE file FILE KEY [INSTANCE|-] [NOW]}. Prints the answer, one line.
 */
class Verify {
    public static void main(String[] args) throws Exception {
        LicenseVerifier verifier;
        try {
            verifier = LicenseVerifier.of(Files.readString(Path.of(args[0])));
        } catch (IllegalArgumentException refused) {
            System.out.println("JWKS refused: " + refused.getMessage());
            return;
        }
        if (args[1].equals("key")) {
            Instant now = args.length > 3 ? Instant.parse(args[3]) : Instant.now();
            System.out.println(verifier.verify(args[2], now));
        } else {
            String instance = args.length > 4 && !args[4].equals("-") ? args[4] : null;
            Instant now = args.length > 5 ? Instant.parse(args[5]) : Instant.now();
            System.out.println(verifier.verifyFile(Files.readString(Path.of(args[2])), args[3], instance, now));
        }
    }
}
