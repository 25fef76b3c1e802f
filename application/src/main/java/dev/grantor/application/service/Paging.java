package dev.grantor.application.service;

import dev.grantor.application.port.out.Page;

/** The contract's paging defaults: ten items, the first page. The bounds are checked by the command. */
final class Paging {

    static final int DEFAULT_SIZE = 10;

    private Paging() {}

    static Page page(Integer pageNumber, Integer pageSize) {
        return new Page(pageNumber == null ? 0 : pageNumber, pageSize == null ? DEFAULT_SIZE : pageSize);
    }
}
