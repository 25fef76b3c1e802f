package dev.grantor.adapter.web;

import dev.grantor.adapter.web.console.ConsolePages;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.adapter.web.portal.PortalPages;
import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.application.Grantor;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * The web faces, to be served beside the HTTP API on its port (bootstrap's {@code Service} wires them, and has the
 * server ask them for the answers to its refusals of their paths).
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
                    grantor.keyPools(), grantor.deliveryResends(), grantor.grantTimeline(), grantor.webhooks(), grantor.outboxAdministration(),
                    grantor.access()),
                    new PortalPages.UseCases(grantor.signIn(), grantor.customerPortal()));
        }
    }

    private final UseCases useCases;
    private final WebKit kit;

    private WebPages(UseCases useCases, WebKit kit) {
        this.useCases = useCases;
        this.kit = kit;
    }

    /** The console and the portal, to be mounted on a server that also asks them for its refusals of their paths. */
    public static WebPages of(UseCases useCases, WebSettings settings) {
        return new WebPages(useCases, WebKit.of(settings));
    }

    /** What to hand to the server's configuration: every page of the console and the portal, with their assets. */
    public static Consumer<JavalinConfig> mount(UseCases useCases, WebSettings settings) {
        return of(useCases, settings)::mount;
    }

    /** {@link #mount}, to hand to the server's configuration. */
    public Consumer<JavalinConfig> routes() {
        return this::mount;
    }

    private void mount(JavalinConfig config) {
        ConsolePages.mount(config, useCases.console(), kit);
        PortalPages.mount(config, useCases.portal(), kit);
    }

    /** Whether {@code path} (below the server's context path) is the console's or the portal's. */
    public static boolean serves(String path) {
        return within(path, ConsolePages.BASE) || within(path, PortalPages.BASE);
    }

    /**
     * The page for a refusal the server makes of a request to one of these paths before or around their routes (no
     * such page, a method not taken, limits of size, an unreadable address, a failure outside any page): the
     * realm's error page, as its own refusals look, with the status's words and no part of the request in it.
     */
    public RealmPages.EdgeRefusal refusal(String path, int status) {
        if (within(path, ConsolePages.BASE)) {
            return ConsolePages.edgeRefusal(kit, status);
        }
        if (within(path, PortalPages.BASE)) {
            return PortalPages.edgeRefusal(kit, status);
        }
        throw new IllegalArgumentException("not a path of the web pages");
    }

    private static boolean within(String path, String base) {
        return path != null && (path.equals(base) || path.startsWith(base + "/"));
    }
}
