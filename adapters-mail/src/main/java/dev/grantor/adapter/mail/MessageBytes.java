package dev.grantor.adapter.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A message as it is written: a growing array of bytes, unsynchronized (one thread builds one message). */
final class MessageBytes {

    private byte[] bytes;
    private int size;

    MessageBytes(int expected) {
        bytes = new byte[Math.max(expected, 64)];
    }

    void write(int b) {
        room(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] source, int offset, int length) {
        room(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Header text: ASCII once Jakarta Mail has encoded it; UTF-8 should anything else reach here. */
    void text(String value) {
        room(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] rest = value.substring(i).getBytes(StandardCharsets.UTF_8);
                write(rest, 0, rest.length);
                return;
            }
            bytes[size++] = (byte) c;
        }
    }

    void crlf() {
        room(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
    }

    boolean endsWithCrlf() {
        return size >= 2 && bytes[size - 2] == '\r' && bytes[size - 1] == '\n';
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
