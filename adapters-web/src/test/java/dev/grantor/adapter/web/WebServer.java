package dev.grantor.adapter.web;

import dev.grantor.application.Grantor;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.adapter.web.page.WebSettings;
import io.javalin.Javalin;
import io.vavr.control.Option;
import java.net.URI;

/**
 * The web pages alone on a real server on a free loopback port, over a whole engine in memory, with two businesses
 * (A and B). Shared by the console's and the portal's tests; {@link #consoleLink} signs an operator in.
 */
public final class WebServer implements AutoCloseable {

    public static final String ROUTE_ATTRIBUTE = "grantor.route";

    public final InMemoryStore store = new InMemoryStore();
    public final RecordingMailer mailer = new RecordingMailer();
    public final MutableClock clock = new MutableClock();
    public final Grantor grantor;
    public final BusinessId a;
    public final BusinessId b;
    private final Javalin javalin;
    public final URI base;

    public WebServer() {
        this(Option.none());
    }

    /** With a pickup directory, every email is also written there as an {@code .eml} file, as the embedded default does. */
    public WebServer(Option<Mailer> pickup) {
        Mailer mailers = emails -> {
            pickup.forEach(also -> also.send(emails));
            return mailer.send(emails);
        };
        grantor = Grantor.builder().storage(store).mailer(mailers).clock(clock).build();
        a = grantor.access().createBusiness("Acme Tools").get().id();
        b = grantor.access().createBusiness("Bolt Works").get().id();
        var mount = WebPages.mount(WebPages.UseCases.of(grantor), new WebSettings(Option.none(), ROUTE_ATTRIBUTE));
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            mount.accept(config);
        }).start("127.0.0.1", 0);
        base = URI.create("http://127.0.0.1:" + javalin.port());
    }

    /** {@code path} on this server, such as {@code /console/}. */
    public String url(String path) {
        return base + path;
    }

    /** A fresh one-time console link for the business's owner. */
    public String consoleLink(BusinessId business) {
        return consoleLink(business, "owner");
    }

    public String consoleLink(BusinessId business, String subject) {
        var link = grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business, subject)).get();
        return url("/console/login/" + link.token());
    }

    @Override
    public void close() {
        javalin.stop();
        grantor.close();
    }
}
