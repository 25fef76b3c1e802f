package dev.grantor.bootstrap;

import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.web.WebPages;
import io.javalin.config.JavalinConfig;

/** The console and the portal on the API's port, answering the server's refusals of their paths with their pages. */
final class PagesBesideTheApi implements RestApi.Alongside {

    private final WebPages pages;

    PagesBesideTheApi(WebPages pages) {
        this.pages = pages;
    }

    @Override
    public void mount(JavalinConfig config) {
        pages.mount(config);
    }

    @Override
    public boolean serves(String path) {
        return WebPages.serves(path);
    }

    @Override
    public Page refusal(String path, int status) {
        var refusal = pages.refusal(path, status);
        return new Page(refusal.contentType(), refusal.headers().map(h -> new Header(h.name(), h.value())), refusal.html());
    }
}
