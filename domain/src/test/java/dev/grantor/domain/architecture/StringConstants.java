package dev.grantor.domain.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The string constants a class file holds (every {@code CONSTANT_String} of its constant pool: literals,
 * string-concatenation recipes, enum constant names), read from the class file ArchUnit imported. ArchUnit
 * itself sees types and members, not the text a class carries; this is that text.
 */
final class StringConstants {

    private StringConstants() {}

    static List<String> of(JavaClass type) {
        var source = type.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + type.getName()));
        try (InputStream in = source.getUri().toURL().openStream()) {
            return read(new DataInputStream(new ByteArrayInputStream(in.readAllBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        var utf8 = new HashMap<Integer, String>();
        var strings = new ArrayList<Integer>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.put(i, in.readUTF());
                case 8 -> strings.add(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return strings.stream().map(utf8::get).toList();
    }
}
