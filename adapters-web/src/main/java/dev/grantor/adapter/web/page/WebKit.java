package dev.grantor.adapter.web.page;

/** What every realm's pages share: the compiled templates, the versioned assets and the settings. */
public record WebKit(Templates templates, Assets assets, WebSettings settings) {

    public static WebKit of(WebSettings settings) {
        return new WebKit(new Templates(), Assets.fromJar(), settings);
    }
}
