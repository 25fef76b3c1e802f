package dev.grantor.application;

import static org.instancio.Select.field;

import java.util.List;
import java.util.Locale;
import org.instancio.Instancio;

/**
 * A generated input of the text rules' tests: one character of a class a person or an attacker may type, set inside
 * plain text (never at an end, where a trim could take it), and whether the rule keeps it.
 */
record InsertedCharacter(boolean allowed, String character, String ascii, int position) {

    String text() {
        int at = 1 + position % (ascii.length() - 1);
        return ascii.substring(0, at) + character + ascii.substring(at);
    }

    @Override
    public String toString() {
        return character.codePoints().mapToObj(cp -> "U+" + Integer.toHexString(cp).toUpperCase(Locale.ROOT)).toList()
                + (allowed ? " kept" : " refused");
    }

    /** {@code size} draws, each a character of {@code kept} or of {@code refused}, in plain text of 2 to 30 letters and digits. */
    static List<InsertedCharacter> draws(int size, long seed, List<String> kept, List<String> refused) {
        return Instancio.ofList(Draw.class).size(size).withSeed(seed)
                .generate(field(Draw.class, "pick"), gen -> gen.ints().range(0, 1_000_000))
                .generate(field(Draw.class, "ascii"), gen -> gen.string().alphaNumeric().mixedCase().length(2, 30))
                .generate(field(Draw.class, "position"), gen -> gen.ints().range(0, 1_000_000))
                .create().stream()
                .map(d -> {
                    var from = d.allowed() ? kept : refused;
                    return new InsertedCharacter(d.allowed(), from.get(d.pick() % from.size()), d.ascii(), d.position());
                })
                .toList();
    }

    private record Draw(boolean allowed, int pick, String ascii, int position) {}
}
