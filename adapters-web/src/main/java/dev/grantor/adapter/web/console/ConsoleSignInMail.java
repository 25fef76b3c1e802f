package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.page.WebSettings;
import dev.grantor.application.port.in.OperatorAccess.LinkRequest;
import io.javalin.http.Context;

/** Where an emailed sign-in link points: the public URL's console, never the request's own Host header. */
final class ConsoleSignInMail {

    static final int LINKS_PER_HOUR = dev.grantor.application.port.in.OperatorAccess.LINKS_PER_HOUR;

    private ConsoleSignInMail() {}

    /** {@code ctx.ip()} is the client: the peer, or what a trusted proxy's {@code X-Forwarded-For} says it is. */
    static LinkRequest send(ConsolePages.UseCases useCases, WebSettings settings, Context ctx, String email) {
        return useCases.operators().emailSignInLinks(email, settings.link(ctx, ConsolePages.BASE + "/login/"), ctx.ip());
    }
}
