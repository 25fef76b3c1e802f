package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its ChromeDriver (no download: Selenium Manager is never asked), with a
 * fresh profile that is deleted on close. Helpers for what every page test does: open a URL, find by CSS, take
 * screenshots at 1280 and 360 px under {@code target/screenshots}, and run axe-core in the page.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    static final Path CHROMIUM_WRAPPER = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path AXE = Path.of("axe/node_modules/axe-core/axe.min.js");
    public static final Path SCREENSHOTS = Path.of("target/screenshots");
    static final String MISSING = "the browser tests need Debian's chromium and chromium-driver (.ci/run installs them)";

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(20);
    static final int WIDE = 1280;
    static final int HEIGHT = 900;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** How many times {@link #open} starts Chromium before it gives up: a first try and two more. */
    static final int STARTS = 3;

    private static final System.Logger LOG = System.getLogger(Browser.class.getName());

    public static Browser open() {
        assertThat(CHROMEDRIVER).as(MISSING).exists();
        Path binary = Files.isExecutable(CHROMIUM) ? CHROMIUM : CHROMIUM_WRAPPER;
        assertThat(binary).as(MISSING).exists();
        return open(binary);
    }

    /**
     * Chromium from {@code binary} with a fresh profile. A start can fail for a reason of the moment on a loaded machine
     * (the driver's port taken between its pick and its bind, DevTools not answering in time, a first renderer that
     * crashes: "session not created"); such a start is tried again, each time with another fresh profile and driver,
     * and logged. Only the start is tried again, never a test's steps. One that never starts fails with every try's
     * answer.
     */
    static Browser open(Path binary) {
        return started(binary.toString(), STARTS, start -> {
            Path profile;
            try {
                profile = Files.createTempDirectory("grantor-chromium");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var options = new ChromeOptions();
            options.setBinary(binary.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + WIDE + "," + HEIGHT,
                    "--user-data-dir=" + profile);
            var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            try {
                var driver = new ChromeDriver(service, options);
                driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
                return new Browser(driver, profile);
            } catch (org.openqa.selenium.WebDriverException failed) {
                service.stop();
                delete(profile);
                throw failed;
            }
        }, LOG);
    }

    /**
     * Runs {@code start} (given the try's number, from 1) until it answers, at most {@code tries} times: a
     * {@link org.openqa.selenium.WebDriverException} (a browser or driver that did not come up) is tried again and
     * logged; anything else is a mistake of the caller's and is thrown at once. When every try failed, an
     * {@link IllegalStateException} names {@code what} and the number of tries, with the first try's failure as its
     * cause and the later ones suppressed in it.
     */
    static <T> T started(String what, int tries, java.util.function.IntFunction<T> start, System.Logger log) {
        org.openqa.selenium.WebDriverException first = null;
        for (int attempt = 1; attempt <= tries; attempt++) {
            try {
                return start.apply(attempt);
            } catch (org.openqa.selenium.WebDriverException failed) {
                if (first == null) {
                    first = failed;
                } else {
                    first.addSuppressed(failed);
                }
                int tried = attempt;
                String answer = String.valueOf(failed.getMessage()).lines().findFirst().orElse("");
                log.log(System.Logger.Level.WARNING, () -> "Chromium (" + what + ") did not start, try " + tried + " of " + tries
                        + (tried < tries ? ", starting it again with a fresh profile" : "") + ": " + answer);
            }
        }
        throw new IllegalStateException("Chromium (" + what + ") did not start in " + tries + " tries, each with a fresh"
                + " profile; the first try's answer: " + String.valueOf(first.getMessage()).lines().findFirst().orElse(""), first);
    }

    private static void delete(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile harms nothing
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code url} and answers once the page is loaded and drawn (its autofocus applied, its tables laid out). */
    public Browser go(String url) {
        driver.get(url);
        drawn();
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Presses a button that submits a form, or follows a link, and waits for the next page (a click alone may return
     * before it loads). The one way a test clicks something that leads to another page: {@code BrowserTestSourcesTest}
     * refuses a bare {@code click()}.
     */
    public void submit(WebElement button) {
        var page = find("html");
        button.click();
        arrived(page);
    }

    /** Sends keys that submit a form (Enter) and waits for the next page. */
    public void submitWithKeys(WebElement field, CharSequence keys) {
        var page = find("html");
        field.sendKeys(keys);
        arrived(page);
    }

    /**
     * Runs a script that submits a form or follows a link (a double click's two clicks, say) and waits for the next
     * page, as {@link #submit} does for a click.
     */
    public void submitByScript(String script) {
        var page = find("html");
        driver.executeScript(script);
        arrived(page);
    }

    /**
     * Runs a script that acts on the page without leaving it (a submit it cancels, say) and answers what it returns,
     * once a frame has been drawn after it; fails when the page was replaced meanwhile, as a script that did lead away
     * would have done. The way a test runs a script that clicks or submits and stays: {@code BrowserTestSourcesTest}
     * refuses such a script run bare.
     */
    public Object actWithoutLeaving(String script) {
        var page = find("html");
        Object answer = driver.executeScript(script);
        drawn();
        try {
            page.isEnabled();
        } catch (org.openqa.selenium.StaleElementReferenceException left) {
            throw new AssertionError("the script left the page " + driver.getCurrentUrl() + ": " + script, left);
        }
        return answer;
    }

    /**
     * Opens or closes a {@code <details>} by its summary, as a click does, and answers once it has: the page stays, so
     * there is no next page to wait for, only the toggle.
     */
    public void toggle(WebElement summary) {
        boolean open = (Boolean) driver.executeScript("return arguments[0].parentElement.open", summary);
        summary.click();
        until("the details to " + (open ? "close" : "open"),
                d -> (Boolean) driver.executeScript("return arguments[0].parentElement.open", summary) != open);
    }

    /** Until the page that {@code old} was the root of has been replaced by one loaded and drawn. */
    private void arrived(WebElement old) {
        awaitGone(old);
        awaitLoaded();
        drawn();
    }

    /**
     * Until the old page's root is gone. Chromium reports a node of a replaced document either as stale or, while the
     * new document is being swapped in, as "Node with given id does not belong to the document": both mean gone.
     */
    private void awaitGone(WebElement old) {
        until("the page to be replaced", d -> {
            try {
                old.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** The new page may still be loading once the old one is gone: a lookup then would find nodes of a document in flux. */
    private void awaitLoaded() {
        until("the page to load", d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Until the loaded page has been drawn once more. What a browser does at a frame, not at load, has then been done:
     * an {@code autofocus} moves the focus at the first frame after the load (a focus read, or keys typed, before it
     * find the focus on the body), and a {@code ResizeObserver} (the tables' card layout) answers at a frame. The
     * timeout task runs after the whole frame whose callback set it.
     */
    private void drawn() {
        driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                requestAnimationFrame(() => setTimeout(done, 0));
                """);
    }

    /**
     * Waits up to 30 s for {@code condition}, asking every 20 ms: Selenium's default of 500 ms cost each page change
     * half a second, as the first ask comes while the old page is still shown. An answer given mid-swap (an execution
     * context destroyed, a frame detached) says nothing yet and is asked again; a session that died is not, and a
     * timeout names the last such answer.
     */
    private void until(String what, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        var last = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, WAIT, POLL)
                .withMessage(() -> "waiting for " + what + (last.get() == null ? "" : "; the browser's last answer: " + last.get().getMessage()))
                .until(d -> {
                    try {
                        return condition.apply(d);
                    } catch (org.openqa.selenium.NoSuchSessionException dead) {
                        throw dead;
                    } catch (org.openqa.selenium.WebDriverException midSwap) {
                        last.set(midSwap);
                        return false;
                    }
                });
    }

    public String title() {
        return driver.getTitle();
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    public String text() {
        return find("body").getText();
    }

    /**
     * Clicks a copy button and answers what the page then put on the clipboard. Headless Chromium grants the page
     * clipboard access only when asked through DevTools, as a person would by allowing it.
     */
    public String copyWith(WebElement button) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        button.click();
        until("the button to say Copied", d -> "Copied".equals(button.getText()));
        return String.valueOf(((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('failed: ' + e));"));
    }

    private String origin() {
        var url = java.net.URI.create(driver.getCurrentUrl());
        return url.getScheme() + "://" + url.getAuthority();
    }

    /**
     * Full-page screenshots at 1280 and 360 px wide: {@code target/screenshots/<name>-1280.png} and {@code -360.png}.
     * Taken through the DevTools protocol, beyond the viewport, so a long page is photographed whole. Every page a test
     * photographs must also fit 360 px ({@link #assertFitsNarrow}) and be spaced as it is read ({@link #assertSpacing}):
     * checked after the pictures are written, so a page that fails can be looked at.
     */
    public void screenshots(String name) {
        photograph(name);
        assertFitsNarrow();
        assertSpacing();
    }

    /**
     * At 1280 and 360 px, the page's spacing groups what belongs together, as a reader takes it in at a glance:
     * <ul>
     *   <li>a section's heading ({@code main > h2}) stands nearer the content it heads than the content before it, with
     *   16 px or more above it (a closed "Reveal the key" summary ran into the "Activations" heading below it);</li>
     *   <li>a label of a list of fields ({@code dl.fields dt}) stands nearer its own value than the value before it
     *   (stacked on a phone, "Status / Delivered / Expiry / Does not expire" read as four lines alike);</li>
     *   <li>a card ({@code .grant-row}) holds its content evenly: the space inside its top edge and inside its bottom
     *   edge differ by 4 px or less.</li>
     * </ul>
     */
    @SuppressWarnings("unchecked")
    public void assertSpacing() {
        for (int width : new int[] {WIDE, 360}) {
            var found = atWidth(width, () -> (List<String>) driver.executeScript("""
                    const found = [];
                    const shown = e => e && e.getClientRects().length > 0;
                    const words = e => '"' + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
                    const nearer = (selector, least) => {
                      for (const e of document.querySelectorAll(selector)) {
                        let before = e.previousElementSibling, after = e.nextElementSibling;
                        while (before && !shown(before)) before = before.previousElementSibling;
                        while (after && !shown(after)) after = after.nextElementSibling;
                        if (!before || !after || !shown(e)) continue;
                        const r = e.getBoundingClientRect();
                        const above = Math.round(r.top - before.getBoundingClientRect().bottom);
                        const below = Math.round(after.getBoundingClientRect().top - r.bottom);
                        if (above < least || above <= below) {
                          found.push(e.tagName.toLowerCase() + ' ' + words(e) + ': ' + above + ' px above, ' + below + ' px below');
                        }
                      }
                    };
                    nearer('main > h2', 16);
                    nearer('main dl.fields > dt', 0);
                    for (const card of document.querySelectorAll('main .grant-row')) {
                      const inside = [...card.children].filter(shown);
                      if (!shown(card) || inside.length === 0) continue;
                      const box = card.getBoundingClientRect();
                      const top = inside[0].getBoundingClientRect().top - box.top;
                      const bottom = box.bottom - inside[inside.length - 1].getBoundingClientRect().bottom;
                      if (Math.abs(top - bottom) > 4) {
                        found.push('card ' + words(card) + ': ' + Math.round(top) + ' px inside its top, ' + Math.round(bottom)
                            + ' px inside its bottom');
                      }
                    }
                    return found;
                    """));
            assertThat(found).as(driver.getCurrentUrl() + ": spacing at " + width + " px").isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private void photograph(String name) {
        for (int width : new int[] {1280, 360}) {
            resize(width);
            var metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            var content = (Map<String, Object>) metrics.get("cssContentSize");
            double height = Math.min(((Number) content.get("height")).doubleValue(), 8000);
            double contentWidth = ((Number) content.get("width")).doubleValue();
            var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", contentWidth, "height", height, "scale", 1)));
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"),
                        java.util.Base64.getDecoder().decode((String) shot.get("data")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        resize(WIDE);
    }

    /**
     * The page as a phone shows it, 360 px wide, and as a small tablet or a phone on its side does, 640 px (wider than
     * the stylesheet's phone layout, narrower than many tables): it does not scroll sideways
     * ({@code document.documentElement.scrollWidth} within {@code window.innerWidth}), nor does any part of it inside its
     * own frame (a table wider than the screen in a scrolling box reads no better), and every table still gives
     * assistive technology its column headers and cells however its rows are laid out.
     */
    public void assertFitsNarrow() {
        assertThat(sidewaysAt360()).as(driver.getCurrentUrl() + " at 360 px").isEmpty();
        assertThat(sidewaysAt(640)).as(driver.getCurrentUrl() + " at 640 px").isEmpty();
    }

    /** What {@link #assertFitsNarrow} finds wrong at 360 px, each named with its width; empty when the page fits. */
    public List<String> sidewaysAt360() {
        return sidewaysAt(360);
    }

    /** What {@link #assertFitsNarrow} finds wrong at {@code width} px; empty when the page fits. */
    @SuppressWarnings("unchecked")
    public List<String> sidewaysAt(int width) {
        return atWidth(width, () -> {
            var found = new java.util.ArrayList<>((List<String>) driver.executeScript("""
                    const found = [];
                    const page = document.documentElement;
                    if (page.scrollWidth > window.innerWidth) {
                      found.push('the page is ' + page.scrollWidth + ' px wide in ' + window.innerWidth);
                    }
                    for (const e of document.body.querySelectorAll('*')) {
                      const overflow = getComputedStyle(e).overflowX;
                      if ((overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth) {
                        const what = e.querySelector('caption, th') || e;
                        found.push(e.tagName.toLowerCase() + '.' + e.className + ' ("' + what.textContent.trim().slice(0, 40)
                            + '") scrolls: ' + e.scrollWidth + ' px wide in ' + e.clientWidth);
                      }
                    }
                    return found;
                    """));
            found.addAll(tablesUnread());
            return found;
        });
    }

    /**
     * Answers what {@code look} finds with the window {@code width} px wide, as a person sees it once the page has taken
     * that width and been drawn at it; the window is back at 1280 px after. The one way a test reads a page at another
     * width: the window takes its width a frame or more after Selenium's resize answers, so a read right after a bare
     * resize reads the page at its old width.
     */
    public <T> T atWidth(int width, java.util.function.Supplier<T> look) {
        resize(width);
        try {
            return look.get();
        } finally {
            resize(WIDE);
        }
    }

    /** {@link #atWidth(int, java.util.function.Supplier)} for a look that asserts and answers nothing. */
    public void atWidth(int width, Runnable look) {
        atWidth(width, () -> {
            look.run();
            return null;
        });
    }

    /**
     * Sets the window's width and waits until the page has it (the window takes its width a frame or more after the
     * call answers) and a frame later, when the page's script has laid its tables out for that width.
     */
    private void resize(int width) {
        driver.manage().window().setSize(new Dimension(width, HEIGHT));
        driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const settled = () => window.innerWidth === arguments[0]
                    ? requestAnimationFrame(() => requestAnimationFrame(() => done()))
                    : requestAnimationFrame(settled);
                settled();
                """, width);
    }

    /**
     * Tables whose headers or cells assistive technology no longer gets (a table laid out as blocks can lose its
     * role in some browsers): the page's {@code th} and {@code td} against the column headers and cells in Chromium's
     * accessibility tree.
     */
    @SuppressWarnings("unchecked")
    private List<String> tablesUnread() {
        long headers = (Long) driver.executeScript("return document.querySelectorAll('table th[scope=col]').length");
        long cells = (Long) driver.executeScript("return document.querySelectorAll('table td').length");
        var nodes = (List<Map<String, Object>>) driver.executeCdpCommand("Accessibility.getFullAXTree", Map.of()).get("nodes");
        long shownHeaders = nodes.stream().filter(n -> role(n).equals("columnheader")).count();
        long shownCells = nodes.stream().filter(n -> role(n).equals("cell") || role(n).equals("gridcell")).count();
        return shownHeaders == headers && shownCells == cells ? List.of()
                : List.of("the tables' " + headers + " column headers and " + cells + " cells reach assistive technology as "
                        + shownHeaders + " and " + shownCells);
    }

    @SuppressWarnings("unchecked")
    private static String role(Map<String, Object> node) {
        var role = (Map<String, Object>) node.get("role");
        return role == null ? "" : String.valueOf(role.get("value"));
    }

    /**
     * The header names where and as whom the visitor is signed in ({@code who}, as read), beside "Sign out", on one row
     * with it at 1280 px, and at 360 px as well without the page scrolling sideways, however long an address is.
     */
    public void assertSignedInAs(String who) {
        for (int width : new int[] {WIDE, 360}) {
            atWidth(width, () -> {
                var named = find("header .session .who");
                var signOut = find("header .session form.sign-out button");
                assertThat(named.getText()).as("at " + width + " px").isEqualTo(who);
                assertThat(named.isDisplayed()).isTrue();
                var row = named.getRect();
                var button = signOut.getRect();
                assertThat(button.getX()).as("Sign out right of who at " + width + " px").isGreaterThanOrEqualTo(row.getX() + row.getWidth());
                assertThat(button.getY() < row.getY() + row.getHeight() && button.getY() + button.getHeight() > row.getY())
                        .as("who and Sign out side by side at " + width + " px").isTrue();
                long overflow = ((Number) driver.executeScript("const header = document.querySelector('header');"
                        + " return Math.max(header.scrollWidth - header.clientWidth,"
                        + " header.querySelector('.session').getBoundingClientRect().right - document.documentElement.clientWidth)"))
                        .longValue();
                assertThat(overflow).as("the header fits the width at " + width + " px").isLessThanOrEqualTo(0);
                if (width == WIDE) {
                    var brand = find("header .brand").getRect();
                    assertThat(row.getY()).as("one header row at 1280 px").isLessThan(brand.getY() + brand.getHeight());
                }
            });
        }
    }

    /**
     * Runs axe-core (WCAG 2 A and AA rules, best practices) in the page and fails on any serious or critical
     * violation, naming each rule and the elements it found.
     */
    @SuppressWarnings("unchecked")
    public void assertAccessible() {
        assertThat(AXE).as("axe-core: run `npm ci --prefix adapters-web/axe` (the build does it)").exists();
        String axe;
        try {
            axe = Files.readString(AXE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.executeScript(axe);
        var violations = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
                      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(' | ')}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: ''}]));
                """);
        var serious = violations.stream()
                .filter(v -> v.get("impact").equals("serious") || v.get("impact").equals("critical"))
                .map(v -> v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"))
                .toList();
        assertThat(serious).as("axe-core on " + driver.getCurrentUrl()).isEmpty();
    }

    /** Where the keyboard's focus is: the focused element's id, or its tag when it has none ("body" when nothing is). */
    public String focused() {
        return String.valueOf(driver.executeScript(
                "const e = document.activeElement; return e ? (e.id || e.tagName.toLowerCase()) : 'none';"));
    }

    /**
     * The keyboard's focus is on the element {@code css} finds (the page's message, say): a screen reader reads it
     * first and the next Tab starts from it.
     */
    public void assertFocusOn(String css) {
        boolean on = (Boolean) driver.executeScript("return document.activeElement === document.querySelector(arguments[0])", css);
        assertThat(on).as(driver.getCurrentUrl() + ": the focus on " + css + ", not on " + focused()).isTrue();
    }

    /** Presses a key as a keyboard does, on whatever has the focus. */
    public void press(CharSequence key) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(key).perform();
    }

    /** Presses a key that submits a form or follows a link (Enter, Space) and waits for the next page. */
    public void pressForNextPage(CharSequence key) {
        var page = find("html");
        press(key);
        arrived(page);
    }

    /**
     * Walks the page with Tab alone, from the top, as a keyboard user does, and answers what is wrong: a stop whose
     * focus does not show (no outline of 2 px or more and no box shadow while it is focused), a stop above the one
     * before it (the focus jumping back up the page), a control the Tab key never reaches, or a stop the Tab key cannot
     * leave (a keyboard trap). Empty when the page is right.
     */
    @SuppressWarnings("unchecked")
    public List<String> keyboardTour() {
        fromTheTop();
        var found = new java.util.ArrayList<String>();
        var seen = new java.util.LinkedHashSet<String>();
        Map<String, Object> before = null;
        for (int stop = 0; stop < 400; stop++) {
            press(org.openqa.selenium.Keys.TAB);
            var now = (Map<String, Object>) driver.executeScript("""
                    const e = document.activeElement;
                    if (!e || e === document.body || e === document.documentElement) return null;
                    if (!e.dataset.stop) e.dataset.stop = String(Math.random()).slice(2);
                    const s = getComputedStyle(e);
                    const r = e.getBoundingClientRect();
                    const words = (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
                    return {key: e.dataset.stop,
                        what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + words.slice(0, 40) + '"',
                        shows: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
                        top: r.top + window.scrollY, bottom: r.bottom + window.scrollY};
                    """);
            if (now == null) {
                if (seen.isEmpty()) {
                    continue;
                }
                break;
            }
            String key = (String) now.get("key");
            if (before != null && key.equals(before.get("key"))) {
                found.add("the focus stays on " + now.get("what") + ": Tab does not leave it");
                break;
            }
            if (!seen.add(key)) {
                break;
            }
            if (!(Boolean) now.get("shows")) {
                found.add(now.get("what") + " shows no focus");
            }
            if (before != null && ((Number) now.get("bottom")).doubleValue() <= ((Number) before.get("top")).doubleValue()) {
                found.add(now.get("what") + " comes after " + before.get("what") + " but stands above it");
            }
            before = now;
        }
        var unreached = (List<String>) driver.executeScript("""
                const missed = [];
                for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')) {
                  const shown = e.checkVisibility({visibilityProperty: true});
                  if (shown && !e.disabled && e.tabIndex >= 0 && !e.dataset.stop) {
                    missed.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + (e.innerText || '').trim().slice(0, 40) + '"');
                  }
                }
                return missed;
                """);
        unreached.forEach(e -> found.add(e + " is never reached with Tab"));
        driver.executeScript("document.querySelectorAll('[data-stop]').forEach(e => delete e.dataset.stop);");
        return found;
    }

    /** Puts the keyboard's starting point at the top of the page, as a page opened without any autofocus has it. */
    private void fromTheTop() {
        driver.executeScript("""
                window.scrollTo(0, 0);
                document.body.setAttribute('tabindex', '-1');
                document.body.focus();
                document.body.removeAttribute('tabindex');
                """);
    }

    /**
     * The first Tab of a page lands on a visible "Skip to the content" link, and Enter on it leads to {@code main}: the
     * next Tab, when {@code main} holds a control, lands in it, past the header's links.
     */
    public void assertSkipLinkLeadsToTheContent() {
        fromTheTop();
        press(org.openqa.selenium.Keys.TAB);
        var skip = driver.switchTo().activeElement();
        assertThat(skip.getText()).as(driver.getCurrentUrl() + ": the first Tab").isEqualTo("Skip to the content");
        assertThat(skip.getRect().getX()).as("the skip link shows when focused").isGreaterThanOrEqualTo(0);
        press(org.openqa.selenium.Keys.ENTER);
        assertThat((Boolean) driver.executeScript("return document.querySelector(':target') === document.querySelector('main')"))
                .as(driver.getCurrentUrl() + ": the skip link leads to main").isTrue();
        boolean tabbable = (Boolean) driver.executeScript("""
                return [...document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select,'
                    + ' main textarea, main summary')].some(e => e.tabIndex >= 0 && e.checkVisibility());
                """);
        if (tabbable) {
            press(org.openqa.selenium.Keys.TAB);
            assertThat((Boolean) driver.executeScript("return !!document.activeElement.closest('main')"))
                    .as(driver.getCurrentUrl() + ": the Tab after the skip link is in main, on " + focused()).isTrue();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }
}
