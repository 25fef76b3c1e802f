package dev.grantor.application.generate;

import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.domain.grant.LicenseKeyValue;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * License keys for auto fulfillment: 25 symbols of Crockford's base 32 (125 bits from {@link SecureRandom})
 * in five groups of five, such as {@code 7K2QF-M9XDA-0RTZ4-HB8WN-C3VPE}. The alphabet leaves out I, L, O
 * and U, so a key read aloud or copied by hand survives being typed back in.
 */
public final class CrockfordKeyGenerator implements KeyGenerator {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int GROUPS = 5;
    static final int GROUP_LENGTH = 5;
    /** Entropy of one key: 5 bits per symbol. */
    public static final int BITS = GROUPS * GROUP_LENGTH * 5;

    private final SecureRandom random;

    public CrockfordKeyGenerator() {
        this(new SecureRandom());
    }

    public CrockfordKeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public LicenseKeyValue generate() {
        var key = new StringBuilder(GROUPS * (GROUP_LENGTH + 1));
        for (int group = 0; group < GROUPS; group++) {
            if (group > 0) {
                key.append('-');
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return new LicenseKeyValue(key.toString());
    }
}
