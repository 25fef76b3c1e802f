package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestApi.Alongside;
import io.javalin.http.Context;

/**
 * Which requests are the pages' served beside the API, and their answers to the server's refusals: a request's path
 * is theirs when, below the API's base path, {@link Alongside#serves} says so.
 */
final class Besides {

    private final Alongside alongside;
    private final String basePath;

    Besides(Alongside alongside, String basePath) {
        this.alongside = alongside;
        this.basePath = basePath.equals("/") ? "" : basePath;
    }

    /** {@code path} as requested, context path included; {@code null} (an address that could not be read) is the API's. */
    boolean serves(String path) {
        return path != null && path.startsWith(basePath) && alongside.serves().test(below(path));
    }

    Alongside.Page page(String path, int status) {
        return alongside.refusals().page(below(path), status);
    }

    /** The page for {@code status}, the body already read or never to be. */
    void write(Context ctx, int status) {
        var page = page(ctx.path(), status);
        ctx.status(status);
        page.headers().forEach(header -> ctx.header(header.name(), header.value()));
        ctx.contentType(page.contentType()).result(page.body());
    }

    private String below(String path) {
        return path.substring(basePath.length());
    }
}
