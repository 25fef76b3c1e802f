package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.page.WebSettings;
import io.javalin.http.Context;

/** Where an emailed sign-in link points: the public URL's console, never the request's own Host header. */
final class ConsoleSignInMail {

    static final int LINKS_PER_HOUR = dev.grantor.application.port.in.OperatorAccess.LINKS_PER_HOUR;

    private ConsoleSignInMail() {}

    static void send(ConsolePages.UseCases useCases, WebSettings settings, Context ctx, String email) {
        useCases.operators().emailSignInLinks(email, settings.link(ctx, ConsolePages.BASE + "/login/"));
    }
}
