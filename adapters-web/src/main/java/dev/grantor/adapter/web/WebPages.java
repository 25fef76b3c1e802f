package dev.grantor.adapter.web;

import dev.grantor.adapter.web.console.ConsolePages;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.adapter.web.portal.PortalPages;
import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.application.Grantor;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * The web faces, to be served beside the HTTP API: {@code RestApi.start(..., WebPages.mount(useCases, settings))}.
 * Everything here goes through the same use cases as the API, so the rules and error texts are the API's.
 */
public final class WebPages {

    /** The use cases the pages drive. */
    public record UseCases(ConsolePages.UseCases console, PortalPages.UseCases portal) {
        public UseCases {
            if (console == null || portal == null) {
                throw new IllegalArgumentException("the web pages need the console's and the portal's use cases");
            }
        }

        public static UseCases of(Grantor grantor) {
            return new UseCases(new ConsolePages.UseCases(grantor.signIn(), grantor.operatorAccess(), grantor.grants(),
                    grantor.fulfillment(), grantor.entitlements(), grantor.customers(), grantor.licenseKeys(),
                    grantor.keyPools(), grantor.deliveryResends(), grantor.webhooks(), grantor.outboxAdministration()),
                    new PortalPages.UseCases(grantor.signIn(), grantor.customerPortal()));
        }
    }

    private WebPages() {}

    /** What to hand to the server's configuration: every page of the console and the portal, with their assets. */
    public static Consumer<JavalinConfig> mount(UseCases useCases, WebSettings settings) {
        var kit = WebKit.of(settings);
        return config -> {
            ConsolePages.mount(config, useCases.console(), kit);
            PortalPages.mount(config, useCases.portal(), kit);
        };
    }
}
