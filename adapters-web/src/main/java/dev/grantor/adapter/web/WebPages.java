package dev.grantor.adapter.web;

import dev.grantor.adapter.web.console.ConsolePages;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.adapter.web.portal.PortalPages;
import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.SignIn;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * The web faces, to be served beside the HTTP API: {@code RestApi.start(..., WebPages.mount(useCases, settings))}.
 * Everything here goes through the same use cases as the API, so the rules and error texts are the API's.
 */
public final class WebPages {

    /** The use cases the pages drive. */
    public record UseCases(SignIn signIn, GrantQueries grants, GrantFulfillment fulfillment, EntitlementCatalog entitlements,
                           CustomerQueries customers, CustomerPortal customerPortal) {
        public UseCases {
            if (signIn == null || grants == null || fulfillment == null || entitlements == null || customers == null
                    || customerPortal == null) {
                throw new IllegalArgumentException("the web pages need every use case they drive");
            }
        }

        public static UseCases of(Grantor grantor) {
            return new UseCases(grantor.signIn(), grantor.grants(), grantor.fulfillment(), grantor.entitlements(),
                    grantor.customers(), grantor.customerPortal());
        }
    }

    private WebPages() {}

    /** What to hand to the server's configuration: every page of the console and the portal, with their assets. */
    public static Consumer<JavalinConfig> mount(UseCases useCases, WebSettings settings) {
        var kit = WebKit.of(settings);
        var console = new ConsolePages.UseCases(useCases.signIn(), useCases.grants(), useCases.fulfillment(),
                useCases.entitlements(), useCases.customers());
        var portal = new PortalPages.UseCases(useCases.signIn(), useCases.customerPortal());
        return config -> {
            ConsolePages.mount(config, console, kit);
            PortalPages.mount(config, portal, kit);
        };
    }
}
