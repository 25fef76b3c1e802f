package dev.grantor.bootstrap;

import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.web.WebPages;

/** The console and the portal on the API's port, answering the server's refusals of their paths with their pages. */
final class PagesBesideTheApi {

    private PagesBesideTheApi() {}

    static RestApi.Alongside of(WebPages pages) {
        return new RestApi.Alongside(pages.routes(), WebPages::serves, (path, status) -> {
            var refusal = pages.refusal(path, status);
            return new RestApi.Alongside.Page(refusal.contentType(),
                    refusal.headers().map(h -> new RestApi.Alongside.Header(h.name(), h.value())), refusal.html());
        });
    }
}
