package dev.grantor.application.port.out;

/** Zero-based page of a newest-first listing ({@code created_at} desc, then id desc). */
public record Page(int number, int size) {

    public static final int MAX_SIZE = 100;

    public Page {
        if (number < 0 || size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page " + number + " of size " + size);
        }
    }

    public long offset() {
        return (long) number * size;
    }
}
