package dev.grantor.application.generate;

import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.domain.shared.Ids;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Ids of the shared format: the prefix, then 21 characters of {@code [0-9A-Za-z]}. The first
 * {@value #TIME_CHARS} encode the creation time in milliseconds (base 62 in ASCII order, so ids sort by
 * creation, which keeps B-tree inserts local); the other {@value #RANDOM_CHARS} come from
 * {@link SecureRandom}: about 77 bits, so two ids of one millisecond do not collide in practice, and an id
 * cannot be guessed from its neighbours.
 */
public final class SecureIdGenerator implements IdGenerator {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int TIME_CHARS = 8;
    static final int RANDOM_CHARS = Ids.BODY_LENGTH - TIME_CHARS;
    /** Enough for the random characters almost always at once: a byte is kept with odds of 62 in 64. */
    static final int BYTES_PER_DRAW = RANDOM_CHARS + 3;

    private final InstantSource clock;
    private final SecureRandom random;

    public SecureIdGenerator(InstantSource clock) {
        this(clock, new SecureRandom());
    }

    public SecureIdGenerator(InstantSource clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public SecureIdGenerator() {
        this(InstantSource.system());
    }

    /**
     * The characters of {@code id} that carry its creation time, when it has the form this generator makes (a prefix,
     * an underscore, then {@link Ids#BODY_LENGTH} characters of the alphabet): an id derived from another keeps them and
     * so sorts as it does.
     */
    public static Option<String> timeOf(String id) {
        int underscore = id.indexOf('_');
        String body = underscore >= 0 ? id.substring(underscore + 1) : "";
        return body.length() == Ids.BODY_LENGTH && body.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)
                ? Option.some(body.substring(0, TIME_CHARS))
                : Option.none();
    }

    @Override
    public String next(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        var id = new StringBuilder(prefix.length() + Ids.BODY_LENGTH).append(prefix);
        long millis = Math.max(0, clock.millis());
        char[] time = new char[TIME_CHARS];
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            time[i] = ALPHABET.charAt((int) (millis % 62));
            millis /= 62;
        }
        id.append(time);
        // one draw for the whole id rather than one per character: each draw from the platform's SecureRandom takes
        // its lock and mixes a digest, and ids are made several to a request
        byte[] drawn = new byte[BYTES_PER_DRAW];
        int filled = 0;
        while (filled < RANDOM_CHARS) {
            random.nextBytes(drawn);
            for (int i = 0; i < drawn.length && filled < RANDOM_CHARS; i++) {
                int sixBits = drawn[i] & 0x3F;
                // the two values past the alphabet are dropped, not folded onto it, so every character stays equally likely
                if (sixBits < ALPHABET.length()) {
                    id.append(ALPHABET.charAt(sixBits));
                    filled++;
                }
            }
        }
        return id.toString();
    }
}
