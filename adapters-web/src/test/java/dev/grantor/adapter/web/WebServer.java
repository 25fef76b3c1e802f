package dev.grantor.adapter.web;

import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.ScriptedSender;
import dev.grantor.domain.shared.BusinessId;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The web pages alone on a real server on a free loopback port, over a whole engine in memory, with two businesses
 * (A and B). Emails (deliveries and sign-in links) are written to {@link #pickup}; webhooks go to a scripted sender
 * that answers what {@link #webhookAnswer} holds. Nothing runs in the background: a test runs the relay or the
 * dispatcher once when it needs them. Shared by the console's and the portal's tests.
 */
public final class WebServer implements AutoCloseable {

    public static final String ROUTE_ATTRIBUTE = "grantor.route";

    public final InMemoryStore store = new InMemoryStore();
    public final MutableClock clock = new MutableClock();
    public final Path pickup;
    public final AtomicReference<Outcome> webhookAnswer = new AtomicReference<>(new Outcome.Answered(200));
    public final ScriptedSender webhookSender = new ScriptedSender().otherwise(request -> webhookAnswer.get());
    public final Grantor grantor;
    public final BusinessId a;
    public final BusinessId b;
    private final Javalin javalin;
    public final URI base;

    public WebServer() {
        this(Option.none());
    }

    /** A server told the address people open it at, as {@code --public-url} tells the service. */
    public WebServer(Option<URI> publicUrl) {
        this(publicUrl, Option.none());
    }

    /** A server whose emails go through {@code mailer} (an SMTP one, say) instead of the pickup folder. */
    public WebServer(Function<InstantSource, Mailer> mailer) {
        this(Option.none(), Option.some(mailer));
    }

    /** A server whose pages drive {@code useCases} made of the engine's (one of them wrapped, to watch its calls). */
    public static WebServer drivingUseCases(java.util.function.UnaryOperator<WebPages.UseCases> useCases) {
        return new WebServer(Option.none(), Option.none(), useCases);
    }

    /** A server whose emails go through {@code mailer} and whose webhook deliveries go through {@code sender} (a real one). */
    public WebServer(Function<InstantSource, Mailer> mailer, WebhookSender sender) {
        this(Option.none(), Option.some(mailer), java.util.function.UnaryOperator.identity(), Option.some(sender));
    }

    private WebServer(Option<URI> publicUrl, Option<Function<InstantSource, Mailer>> otherMailer) {
        this(publicUrl, otherMailer, java.util.function.UnaryOperator.identity());
    }

    private WebServer(Option<URI> publicUrl, Option<Function<InstantSource, Mailer>> otherMailer,
                      java.util.function.UnaryOperator<WebPages.UseCases> useCases) {
        this(publicUrl, otherMailer, useCases, Option.none());
    }

    private WebServer(Option<URI> publicUrl, Option<Function<InstantSource, Mailer>> otherMailer,
                      java.util.function.UnaryOperator<WebPages.UseCases> useCases, Option<WebhookSender> otherSender) {
        try {
            pickup = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "grantor-pickup");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Mailer mailer = otherMailer.map(m -> m.apply(clock))
                .getOrElse(() -> new PickupDirectoryMailer(pickup, Sender.EMBEDDED_DEFAULT, clock, MailMetrics.NONE));
        grantor = Grantor.builder().storage(store).mailer(mailer).clock(clock).webhookSender(otherSender.getOrElse(webhookSender))
                .dispatchPolicy(DispatchPolicy.defaults().withPrivateTargetsAllowed(true)).build();
        a = grantor.access().createBusiness("Acme Tools").get().id();
        b = grantor.access().createBusiness("Bolt Works").get().id();
        var mount = WebPages.mount(useCases.apply(WebPages.UseCases.of(grantor)), new WebSettings(publicUrl, ROUTE_ATTRIBUTE));
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

    /**
     * The paths of the server's routes answering {@code method}, as they were registered ({@code /console/grants/{id}/fulfill}):
     * a test that must cover every route of a kind walks these, so a route added later is walked too.
     */
    public java.util.List<String> routes(HandlerType method) {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method == method).map(endpoint -> endpoint.path).distinct().toList();
    }

    /**
     * Sends what the outbox holds (delivery emails to {@link #pickup}, events to the webhooks' deliveries), once the
     * sign-in requests answered so far have queued their emails.
     */
    public void relay() {
        settled();
        grantor.relay().runOnce();
    }

    /** Waits until the sign-in requests answered so far have done their writes, which come after the answer. */
    public void settled() {
        dev.grantor.application.EngineFixture.settled(grantor);
    }

    /** Attempts the webhook deliveries that are due. */
    public void dispatch() {
        grantor.dispatcher().get().runOnce();
    }

    @Override
    public void close() {
        javalin.stop();
        grantor.close();
    }
}
