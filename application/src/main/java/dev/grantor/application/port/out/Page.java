package dev.grantor.application.port.out;

import dev.grantor.application.port.in.PageLimits;

/** Zero-based page of a newest-first listing ({@code created_at} desc, then id desc). */
public record Page(int number, int size) {

    /** A use case's page is handed to the store whole, so the two ceilings are one. */
    public static final int MAX_SIZE = PageLimits.MOST_PER_PAGE;

    public Page {
        if (number < 0 || size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page " + number + " of size " + size);
        }
    }

    public long offset() {
        return (long) number * size;
    }
}
