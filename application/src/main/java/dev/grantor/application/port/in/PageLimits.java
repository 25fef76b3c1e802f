package dev.grantor.application.port.in;

import dev.grantor.application.port.out.Page;

/**
 * The most items one page of a listing use case holds (the API's {@code page_size} ceiling), for the driving adapters:
 * they see the primary ports only, never the stores' {@link Page}, and a page asked for with more is refused.
 */
public final class PageLimits {

    public static final int MOST_PER_PAGE = Page.MAX_SIZE;

    private PageLimits() {}
}
