package dev.grantor.application.port.in;

/**
 * The most items one page of a listing use case holds (the API's {@code page_size} ceiling), for the driving adapters:
 * they see the primary ports only, and a page asked for with more is refused. The stores' page takes its ceiling from
 * here, so a store serves every page a caller may ask for.
 */
public final class PageLimits {

    public static final int MOST_PER_PAGE = 100;

    private PageLimits() {}
}
